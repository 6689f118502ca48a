"""The list of CLI commands; each module adds its subcommands through ``register``."""

from __future__ import annotations

from vakmanschap.cli import (
    demo_command,
    lifecycle_commands,
    params_commands,
    person_commands,
    population_commands,
    project_commands,
    rule_commands,
    serve_commands,
    solve_commands,
    tool_commands,  # schema, diff (issue 5)
)

ALL = [
    person_commands.register,
    rule_commands.register,
    params_commands.register,
    tool_commands.register,
    lifecycle_commands.register,
    population_commands.register,
    solve_commands.register,
    project_commands.register,
    serve_commands.register,
    demo_command.register,
]
