"""The tutorial notebook runs top to bottom (no network) and shows what it promises."""

from __future__ import annotations

from pathlib import Path

import nbclient
import nbformat
import pytest

pytestmark = pytest.mark.slow  # the whole tutorial runs; CI runs it with -m slow

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "tutorial.ipynb"


@pytest.fixture(scope="module")
def executed():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PLATFORM_DIRS", "1")  # Jupyter's current paths, without its warning
        nbclient.NotebookClient(
            notebook,
            timeout=120,
            kernel_name="python3",
            resources={"metadata": {"path": str(NOTEBOOK.parent)}},
        ).execute()
    return notebook


def _outputs(notebook, kind: str) -> list:
    return [
        o
        for c in notebook.cells
        if c.cell_type == "code"
        for o in c.outputs
        if o.output_type == kind
    ]


def test_notebook_runs_without_errors(executed):
    assert _outputs(executed, "error") == []
    stderr = [o.text for o in _outputs(executed, "stream") if o.name == "stderr"]
    assert stderr == []


def test_notebook_answers_and_shows_figures(executed):
    text = "".join(o.text for o in _outputs(executed, "stream"))
    assert "P(Klantreis beats FIG-route) = " in text
    assert "leave out re-integration" in text  # the erratum
    assert "ConfigError: typo.toml: parameters.intake_cost.arms.KR.mean:" in text
    assert "What each difference moves" in text and "intake_cost" in text  # the five-line set
    assert "fixed 6" in text  # --set
    images = [
        o
        for o in _outputs(executed, "display_data") + _outputs(executed, "execute_result")
        if "image/png" in o.data
    ]
    assert len(images) == 2
