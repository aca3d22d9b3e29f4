"""README.md as GitHub shows it: parsed with a CommonMark parser (markdown-it-py, with GFM's
tables), every heading is a heading, every code block closes where it should, the
Configuration section's variables are a table, and the deploy steps CI runs are there.

A closing fence with text after it (```` ``` Accounts are …````) is no closing fence: the
code block then ran on and swallowed the Configuration, Deploying and half of the Reminders
sections, and nobody saw it in the file.
"""

import re
import subprocess
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
LINES = README.splitlines()
TOKENS = MarkdownIt("commonmark").enable("table").parse(README)


def heading_lines() -> dict[int, str]:
    """The line (0-based) of each heading the parser found, with its text."""
    found = {}
    for i, token in enumerate(TOKENS):
        if token.type == "heading_open":
            found[token.map[0]] = TOKENS[i + 1].content
    return found


def section(title: str) -> list:
    """The tokens of the level-2 section with this title, up to the next level-2 heading."""
    start = None
    for i, token in enumerate(TOKENS):
        if token.type == "heading_open" and token.tag == "h2":
            if start is not None:
                return TOKENS[start:i]
            if TOKENS[i + 1].content == title:
                start = i
    if start is None:
        pytest.fail(f"README.md has no section {title!r}")
    return TOKENS[start:]


def tables(tokens: list) -> list[list[list[str]]]:
    """Each table among the tokens, as rows of cell texts (the header row first)."""
    found, rows, row = [], None, None
    for token in tokens:
        if token.type == "table_open":
            rows = []
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(token.content)
        elif token.type == "tr_close":
            rows.append(row)
            row = None
        elif token.type == "table_close":
            found.append(rows)
    return found


def test_every_heading_line_is_a_heading():
    """A heading inside a code block that never closed is text in that block."""
    written = {
        number: line.lstrip("#").strip()
        for number, line in enumerate(LINES)
        if re.match(r"#{1,6} ", line)
    }

    assert heading_lines() == written


def test_every_code_block_closes_on_a_fence_of_its_own():
    blocks = [token for token in TOKENS if token.type in ("fence", "code_block")]

    assert blocks
    for block in blocks:
        assert block.type == "fence", f"an indented code block at line {block.map[0] + 1}"
        last = LINES[block.map[1] - 1].strip()
        assert last == block.markup, (
            f"the code block opened at line {block.map[0] + 1} closes on {last!r}"
        )
        # A fence line inside a block was meant to close it (text after it) or open another.
        inner = [line for line in block.content.splitlines() if line.lstrip().startswith("```")]
        assert not inner, f"the code block opened at line {block.map[0] + 1} holds {inner}"


def test_the_configuration_section_lists_the_variables_in_a_table():
    [variables] = tables(section("Configuration"))
    header, *rows = variables

    assert header == ["variable", "used by", "meaning"]
    named = {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row[0])}
    assert {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "SITE_URL"} <= named
    assert all(len(row) == 3 for row in rows)


def test_the_deploy_steps_ci_runs_are_a_shell_block_in_deploying():
    """.ci/deploy-steps runs the lines between the markers: they are the shell block of the
    Deploying section a reader sees, line for line."""
    [steps] = re.findall(r"<!-- deploy-steps.*?-->\n(.*?)\n *<!-- /deploy-steps -->", README, re.S)
    [block] = [
        token for token in section("Deploying") if token.type == "fence" and "venv" in token.content
    ]

    ci = subprocess.run(
        [ROOT / ".ci" / "deploy-steps", "--print"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert block.info == "sh"
    shown = [line.strip() for line in block.content.splitlines()]
    assert shown == [line.strip() for line in steps.splitlines() if "```" not in line]
    assert shown == [line.strip() for line in ci.splitlines()]
    commands = block.content
    assert "--build-constraint build-constraints.txt -r requirements.lock" in commands
    assert "pybabel compile -D django -d locale\n" in commands
    assert "pybabel compile -D django -d locale_overrides\n" in commands
    # pip first: a new virtualenv's pip may not know --build-constraint; the same pip as the
    # Makefile installs and the lock pins.
    [pip_readme] = re.findall(r"install --upgrade pip==(\S+)", commands)
    [pip_makefile] = re.findall(r"--upgrade pip==(\S+)", (ROOT / "Makefile").read_text())
    [pip_lock] = re.findall(r"^pip==(\S+)", (ROOT / "requirements.lock").read_text(), re.M)
    assert pip_readme == pip_makefile == pip_lock
    assert commands.index("pip==") < commands.index("--build-constraint")
