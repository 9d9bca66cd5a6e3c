"""Browser tests of `kimdoc serve`: a real server on 127.0.0.1 (a free port) over a copy of the
project, driven by headless Chromium from Debian through Playwright, checked with axe-core.

Run by `swift test` (Tests/KimWebTests/BrowserTests.swift) with KIMDOC_BIN set to the built
binary; alone: `KIMDOC_BIN=.build/debug/kimdoc .venv/bin/python -m pytest Tests/browser`.
"""
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "ein-langes-test-passwort"
USERS = {"anna": "admin", "stefan": "staff", "cem": "case-manager", "tanja": "translator"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A kimdoc server with its own project copy, TMPDIR, cache folder and log file."""

    def __init__(self):
        self.base_dir = Path(tempfile.mkdtemp(prefix="kimdoc-browser-"))
        self.root = self.base_dir / "project"
        self.tmp = self.base_dir / "tmp"
        self.cache = self.base_dir / "cache"
        for d in (self.root, self.tmp, self.cache):
            d.mkdir()
        for folder in ("Templates", "Translations"):
            shutil.copytree(REPO / folder, self.root / folder)
        self.binary = os.environ.get("KIMDOC_BIN", str(REPO / ".build/debug/kimdoc"))
        self.env = dict(os.environ, KIMDOC_ROOT=str(self.root), TMPDIR=str(self.tmp), KIMDOC_CACHE_DIR=str(self.cache),
                        XDG_CACHE_HOME=str(self.cache), HOME=str(self.base_dir))
        for name, role in USERS.items():
            subprocess.run([self.binary, "users", "add", name, "--role", role], input=f"{PASSWORD}\n{PASSWORD}\n",
                           text=True, env=self.env, check=True, capture_output=True)
        self.port = free_port()
        self.log_path = self.base_dir / "server.log"
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen([self.binary, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                                        env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 30
        while True:
            try:
                urllib.request.urlopen(self.url + "/login", timeout=2)
                break
            except Exception:
                if time.time() > deadline or self.process.poll() is not None:
                    raise RuntimeError("kimdoc serve did not start: " + self.log_path.read_text())
                time.sleep(0.2)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()

    def remove(self):
        shutil.rmtree(self.base_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def server():
    s = Server()
    yield s
    s.stop()
    s.remove()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        yield b
        b.close()


SHOTS = REPO / "output" / "web"


def screenshot(page, name):
    """Full-page screenshot under output/web/ for a person to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(context, server, name):
    page = context.new_page()
    page.goto(server.url + "/login")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(server.url + "/")
    return page
