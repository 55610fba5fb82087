"""`annotate users`: add prints the link once, list shows roles and state, revoke stops the link; one-line errors."""
from __future__ import annotations

from click.testing import CliRunner

from annotate.cli import main
from annotate.services.users import UsersService


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_add_list_link_revoke(db_path):
    added = run("users", "add", "lan", "--db", str(db_path), "--url", "https://annotate.example.org")
    assert added.exit_code == 0, added.output
    line = added.stdout.strip()
    assert line.startswith("lan (reviewer): https://annotate.example.org/?token=")
    token = line.rsplit("token=", 1)[1]
    assert UsersService(db_path).authenticate(token).name == "lan"
    assert run("users", "add", "minh", "--role", "adjudicator", "--db", str(db_path)).exit_code == 0
    listing = run("users", "list", "--db", str(db_path)).stdout.splitlines()
    assert [row.split()[:3] for row in listing] == [["lan", "reviewer", "active"], ["minh", "adjudicator", "active"]]
    relinked = run("users", "link", "lan", "--db", str(db_path))
    assert relinked.exit_code == 0 and UsersService(db_path).authenticate(token) is None
    revoked = run("users", "revoke", "lan", "--db", str(db_path))
    assert revoked.exit_code == 0 and "revoked" in revoked.stdout
    assert run("users", "list", "--db", str(db_path)).stdout.splitlines()[0].split()[:3] == ["lan", "reviewer", "revoked"]


def test_errors_are_one_line(db_path):
    run("users", "add", "lan", "--db", str(db_path))
    for args in (("users", "add", "lan"), ("users", "revoke", "nobody"), ("users", "add", "@gold")):
        result = run(*args, "--db", str(db_path))
        assert result.exit_code == 1
        assert len(result.output.strip().splitlines()) == 1 and result.output.startswith("Error: "), result.output


def test_list_on_a_database_without_users(db_path):
    assert "No users yet" in run("users", "list", "--db", str(db_path)).stdout


def test_the_public_url_comes_from_the_environment(db_path, monkeypatch):
    monkeypatch.setenv("ANNOTATE_PUBLIC_URL", "https://desk.example.org/annotate")
    assert run("users", "add", "lan", "--db", str(db_path)).stdout.startswith("lan (reviewer): https://desk.example.org/annotate/?token=")
