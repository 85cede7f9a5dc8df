"""axe-core in the browser: WCAG 2.1 A/AA and best practices, for every test that looks at a
page."""

from axe_playwright_python.sync_playwright import Axe

RULES = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
axe = Axe()


def assert_accessible(web):
    violations = axe.run(web, options=RULES).response["violations"]
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    ]
    assert found == [], f"{web.url}\n" + "\n".join(found)
