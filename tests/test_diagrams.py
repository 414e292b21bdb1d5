"""course.diagrams: the shared pictures render to SVG with Graphviz, with the layers the decks talk about."""

import re
import xml.etree.ElementTree as ET

import pytest

from course.diagrams import vm_vs_container

SVG = "{http://www.w3.org/2000/svg}"


def texts(dot) -> list:
    """(text, x, y) of every text element of the rendered SVG, in drawing order."""
    root = ET.fromstring(dot.pipe(format="svg"))
    return [("".join(node.itertext()).strip(), float(node.get("x")), float(node.get("y")))
            for node in root.iter(f"{SVG}text")]


def column(found, title):
    """The texts drawn under a column title, in the same column (x within the title's column)."""
    x_title = next(x for text, x, _ in found if text == title)
    xs = sorted({x for text, x, _ in found if text in ("Virtual machines", "Containers", "Bare metal")})
    half_gap = min((b - a for a, b in zip(xs, xs[1:])), default=1e9) / 2
    return [(text, y) for text, x, y in found if abs(x - x_title) < half_gap]


@pytest.mark.parametrize("bare_metal", [False, True], ids=["vm-and-containers", "with-bare-metal"])
def test_vm_vs_container_renders_the_layers_of_each_column(bare_metal):
    found = texts(vm_vs_container(bare_metal=bare_metal))
    titles = [text for text, _, _ in found if text in ("Bare metal", "Virtual machines", "Containers")]
    assert titles == (["Bare metal"] if bare_metal else []) + ["Virtual machines", "Containers"]

    vm = [text for text, _ in column(found, "Virtual machines")]
    assert vm.count("Guest OS + kernel") == 3 and vm.count("Libraries") == 3
    assert {"App A", "App B", "App C", "Server hardware"} <= set(vm)
    assert any(text.startswith("Hypervisor") for text in vm)

    containers = [text for text, _ in column(found, "Containers")]
    assert "Guest OS + kernel" not in containers, "containers carry no kernel of their own"
    assert containers.count("Libraries") == 3
    assert any("one shared Linux kernel" in text for text in containers)
    assert any(text.startswith("Container runtime") for text in containers)


@pytest.mark.parametrize("title, bottom, middle", [("Virtual machines", "Server hardware", "Hypervisor"),
                                                   ("Containers", "Server hardware", "Host OS")])
def test_vm_vs_container_stacks_from_the_hardware_up(title, bottom, middle):
    ys = {}
    for text, y in column(texts(vm_vs_container()), title):
        ys.setdefault(re.split(r" \(| A$|:", text)[0], y)   # first occurrence: "App A", "Hypervisor (...)"
    # SVG y grows downwards: the hardware is drawn lowest, then the shared layer, then libraries and apps
    assert ys[bottom] > ys[middle] > ys["Libraries"] > ys["App"]


def test_vm_vs_container_draws_the_number_of_apps_asked_for():
    found = [text for text, _, _ in texts(vm_vs_container(apps=2))]
    assert found.count("Guest OS + kernel") == 2 and "App C" not in found
