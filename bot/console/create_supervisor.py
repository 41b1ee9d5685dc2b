"""Creates the first supervisor: `python -m bot.console.create_supervisor USERNAME [--name "Full Name"]`.

The password is read from the prompt, or from CONSOLE_SUPERVISOR_PASSWORD (tests, provisioning).
"""
import argparse
import getpass
import sys

from bot import settings
from bot.console.auth import AuthError, StaffAuth
from bot.store.init_db import init_db


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("username")
    parser.add_argument("--name", default=None)
    args = parser.parse_args(argv)
    password = settings.console_supervisor_password()
    if not password:
        password = getpass.getpass("Password (10+ characters): ")
        if password != getpass.getpass("Again: "):
            print("the passwords differ", file=sys.stderr)
            return 1
    init_db()
    try:
        user = StaffAuth().create_user(args.username, args.name or args.username, password, "supervisor")
    except AuthError as error:
        print(f"not created: {error}", file=sys.stderr)
        return 1
    print(f"supervisor {user.username} created")
    return 0


if __name__ == "__main__":
    sys.exit(main())
