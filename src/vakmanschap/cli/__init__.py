"""The ``vakmanschap`` command line: thin wrappers that call the library.

Exit codes (docs/cli.md):

* 0: success (``check``: every professional meets the requirements and, for
  re-registration, is in the register on that date; ``test``: all pass)
* 1: a negative outcome (``check``: someone does not meet them; ``test``: a scenario failed)
* 2: bad input or usage (invalid rule file, person data, option); one line on stderr
* 3: an unexpected internal error (a bug: please report it); one line on stderr

Every command lives in its own module of this package and registers itself in
:data:`COMMANDS`; errors are printed as one line, never as a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from vakmanschap.cli.extras import require_extras
from vakmanschap.errors import RuleFileError, VakmanschapError

__all__ = ["main"]

EXIT_OK, EXIT_NEGATIVE, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3

Register = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_INPUT, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    from vakmanschap.cli import commands
    from vakmanschap.version import __version__

    parser = _Parser(prog="vakmanschap", description="Rules as code for professional registers.")
    parser.add_argument("--version", action="version", version=f"vakmanschap {__version__}",
                        help="print the version and exit")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for register in commands.ALL:
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (also used as the process exit code)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        require_extras(args)
        code: int = args.run(args)
    except RuleFileError as exc:
        print(f"vakmanschap: {exc.one_line()}", file=sys.stderr)
        return EXIT_INPUT
    except VakmanschapError as exc:
        message = str(exc).replace("\n", " ")
        print(f"vakmanschap: {type(exc).__name__}: {message}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("vakmanschap: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:
        print(f"vakmanschap: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "),
              file=sys.stderr)
        return EXIT_INPUT
    except Exception as exc:
        print(f"vakmanschap: internal error ({type(exc).__name__}: {exc}); please report it",
              file=sys.stderr)
        return EXIT_INTERNAL
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
