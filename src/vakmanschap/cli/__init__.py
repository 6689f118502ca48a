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
import functools
import sys
from collections.abc import Callable, Sequence

from vakmanschap.cli.extras import require_extras
from vakmanschap.errors import RuleFileError, VakmanschapError

__all__ = ["main"]

EXIT_OK, EXIT_NEGATIVE, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3

QUIET_HELP = "no progress bars (they are shown on stderr only when it is a terminal)"

Register = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]


def _one_line(text: str) -> str:
    """``text`` on one line: an argument or a cell may hold line breaks (\\n, \\r, ...)."""
    return " ".join(text.splitlines())


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # one line, as every error of the command line (the usage is one --help away)
        self.exit(EXIT_INPUT, f"{self.prog}: error: {_one_line(message)} (see "
                              f"'{self.prog} --help')\n")


def _console_safe() -> None:
    """A console that cannot show a character (latin-1, ascii) gets an escape for it instead
    of a UnicodeEncodeError (issue 16, item 12)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "") == "strict":
            reconfigure(errors="backslashreplace")


@functools.cache
def _parser() -> argparse.ArgumentParser:
    """The command line's parser, built once per process (parsing does not change it; an
    in-process caller such as the tests then pays for argparse's set-up once)."""
    from vakmanschap.cli import commands
    from vakmanschap.io import builtin_names
    from vakmanschap.version import __version__

    parser = _Parser(prog="vakmanschap", description="Rules as code for professional registers.",
                     epilog="shipped registers (--rules NAME): " + ", ".join(builtin_names()))
    parser.add_argument("-q", "--quiet", action="store_true", help=QUIET_HELP)
    parser.add_argument("--version", action="version", version=f"vakmanschap {__version__}",
                        help="print the version and exit")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for register in commands.ALL:
        register(sub)
    for command in sub.choices.values():  # also after the command: vakmanschap demo --quiet
        command.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                             help=QUIET_HELP)
    return parser


def _release_native() -> None:
    """Free what a command left for the garbage collector while the interpreter still runs:
    Arrow objects freed during interpreter shutdown can meet Arrow's thread pool being torn
    down, and the process aborts with "terminate called without an active exception" (Arrow
    issue 34314; the documented workaround is to free them and collect before exit)."""
    if "pyarrow" in sys.modules:
        import gc

        gc.collect()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (also used as the process exit code)."""
    _console_safe()
    arguments = sys.argv[1:] if argv is None else [str(a) for a in argv]
    if any("\x00" in a for a in arguments):  # only in-process: a shell cannot pass one
        print("vakmanschap: error: an argument holds a NUL character; remove it",
              file=sys.stderr)
        return EXIT_INPUT
    args = _parser().parse_args(arguments)
    try:
        require_extras(args)
        code: int = args.run(args)
        _release_native()
    except RuleFileError as exc:
        print(f"vakmanschap: {_one_line(exc.one_line())}", file=sys.stderr)
        return EXIT_INPUT
    except VakmanschapError as exc:
        message = _one_line(str(exc))
        print(f"vakmanschap: {type(exc).__name__}: {message}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("vakmanschap: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:
        print(_one_line(f"vakmanschap: {exc.strerror or exc}: {exc.filename or ''}")
              .rstrip(": "), file=sys.stderr)
        return EXIT_INPUT
    except Exception as exc:
        print(_one_line(f"vakmanschap: internal error ({type(exc).__name__}: {exc}); please "
                        "report it"), file=sys.stderr)
        return EXIT_INTERNAL
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
