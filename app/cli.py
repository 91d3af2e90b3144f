"""Command-line groups, registered in one place."""


def register_cli(app):
    from app.accounts.cli import users
    from app.core.translate import translate
    from app.demo.cli import demo
    from app.opendata.cli import opendata
    from app.submissions.cli import semantic

    for group in (users, translate, demo, semantic, opendata):
        app.cli.add_command(group)
