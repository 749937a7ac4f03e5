"""The project as a deployment gets it: a wheel, installed (not `-e`) into a plain new venv, run from a
folder outside the checkout. Catches templates, static files, data files or translations left out of
the package, which an editable install would hide.

Slow for a unit test (a venv and the dependencies from the registry): it runs in `make test` as the
issue requires; `pytest -m "not install"` leaves it out while working.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import venv
import zipfile
from pathlib import Path

import pytest

from tests.helpers import CROTONE

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.install

SERVE = """
import json, sys
from pathlib import Path
import finder
from finder import create_app, resource_dir

app = create_app({"FINDER_CONTENT": sys.argv[1], "FINDER_DATA": sys.argv[2], "TESTING": True})
client = app.test_client()
pages = {}
for url in ["/", "/servizi", "/comuni/cutro", "/servizi/nope", "/en/servizi/nope", "/static/finder.css",
            "/static/htmx.min.js"]:
    response = client.get(url)
    pages[url] = {"status": response.status_code, "type": response.mimetype, "size": len(response.data),
                  "text": response.get_data(as_text=True)[:20000] if response.mimetype == "text/html" else ""}
print(json.dumps({
    "package": str(Path(finder.__file__).resolve().parent),
    "templates": str(Path(app.template_folder).resolve()),
    "static": str(Path(app.static_folder).resolve()),
    "translations": str(resource_dir("translations").resolve()),
    "translations_is_dir": resource_dir("translations").is_dir(),
    "babel": app.config["BABEL_TRANSLATION_DIRECTORIES"],
    "default_content": str(resource_dir("content").resolve()),
    "pages": pages,
}))
"""


def _source_files() -> list[Path]:
    """What a fresh clone holds (tracked files and new ones not ignored), plus compiled translations."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, capture_output=True, check=True).stdout.decode().split("\0")
    files = [Path(name) for name in listed if name and (REPO / name).is_file()]
    return files + [path.relative_to(REPO) for path in (REPO / "translations").glob("*/LC_MESSAGES/*.mo")]


def _run(command, cwd, **options):
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("FINDER_", "PYTHON", "VIRTUAL_ENV"))}
    result = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True,
                            env=environment, **options)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A wheel of the project, and a plain venv (no system site-packages) with it installed."""
    root = tmp_path_factory.mktemp("install")
    source = root / "source"
    for relative in _source_files():
        (source / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / relative, source / relative)
    environment = root / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False, clear=True).create(environment)
    python = environment / "bin" / "python"
    pip = [python, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    _run(pip + ["wheel", "--no-deps", "--wheel-dir", root / "dist", f"{source}{os.sep}"], cwd=root)
    [wheel] = (root / "dist").glob("finder-*.whl")
    _run(pip + ["install", wheel], cwd=root)
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    return {"wheel": wheel, "venv": environment, "python": python, "cwd": elsewhere, "root": root}


def test_the_wheel_holds_templates_static_data_and_translations(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    for expected in ("finder/templates/base.html", "finder/templates/components/cards.html",
                     "finder/static/finder.css", "finder/static/htmx.min.js", "finder/catalog/words.yaml",
                     "finder/default_content/services.yaml"):
        assert expected in names
    assert any(name.startswith("finder/translations/") for name in names)
    for compiled in (REPO / "translations").glob("*/LC_MESSAGES/*.[mp]o"):  # .mo once `make setup` compiled them
        assert f"finder/translations/{compiled.relative_to(REPO / 'translations').as_posix()}" in names
    for name in (REPO / "finder").rglob("*"):
        if name.is_file() and name.suffix in (".yaml", ".js", ".css") and "__pycache__" not in name.parts:
            assert f"finder/{name.relative_to(REPO / 'finder').as_posix()}" in names, name
    for name in (REPO / "templates").rglob("*.html"):
        assert f"finder/templates/{name.relative_to(REPO / 'templates').as_posix()}" in names, name


@pytest.fixture(scope="module")
def served(installed):
    script = installed["root"] / "serve.py"
    script.write_text(SERVE, encoding="utf-8")
    result = _run([installed["python"], script, CROTONE, installed["root"] / "data"], cwd=installed["cwd"])
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_installed_package_is_used_not_the_checkout(installed, served):
    site_packages = next((installed["venv"] / "lib").glob("python3*/site-packages")).resolve()
    assert Path(served["package"]) == site_packages / "finder"
    assert REPO not in Path(served["package"]).parents


def test_the_installed_site_finds_its_templates(served):
    home = served["pages"]["/"]
    assert home["status"] == 200 and home["type"] == "text/html"
    assert "<main" in home["text"] and "Ambito territoriale sociale di Crotone" in home["text"]
    assert served["pages"]["/comuni/cutro"]["status"] == 200
    assert "Servizi sociali a Cutro" in served["pages"]["/comuni/cutro"]["text"]
    assert served["pages"]["/servizi/nope"]["status"] == 404
    assert served["templates"] == str(Path(served["package"]) / "templates")


@pytest.mark.parametrize("url, mimetype", [("/static/finder.css", "text/css"),
                                            ("/static/htmx.min.js", "text/javascript")])
def test_the_installed_site_serves_its_static_files(served, url, mimetype):
    response = served["pages"][url]
    assert response["status"] == 200
    assert response["type"] in (mimetype, "application/javascript")
    assert response["size"] > 100


def test_the_installed_site_finds_its_translations(served):
    package = Path(served["package"])
    assert served["translations_is_dir"]
    assert Path(served["translations"]) == package / "translations"
    assert Path(served["babel"]).resolve() == package / "translations"
    assert Path(served["default_content"]) == package / "default_content"
    if (REPO / "translations" / "en" / "LC_MESSAGES" / "messages.mo").exists():  # compiled by `make setup`
        assert "Page not found" in served["pages"]["/en/servizi/nope"]["text"]


def test_the_installed_command_checks_a_file(installed):
    finder = installed["venv"] / "bin" / "finder"
    result = _run([finder, "check", CROTONE], cwd=installed["cwd"])
    assert "errori: 0" in result.stdout  # in Italian, from the installed editor.mo
    help_text = _run([finder, "--help"], cwd=installed["cwd"]).stdout
    for command in ("check", "build", "serve"):
        assert command in help_text


def test_the_installed_command_builds_the_database(installed):
    data = installed["root"] / "built"
    result = _run([installed["venv"] / "bin" / "finder", "build", "--content", CROTONE, "--data", data],
                  cwd=installed["cwd"])
    assert result.stdout.startswith("built ")
    assert list(data.glob("catalog-*.sqlite"))
