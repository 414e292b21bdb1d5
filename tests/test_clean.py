"""Clean stage: noise dropped, machine details hidden, giant outputs capped."""

import socket
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from slidebuild import clean, config
from slidebuild.clean import MAX_LINES, clean_notebook


def cleaned(*outputs):
    notebook = new_notebook(cells=[new_code_cell("x", outputs=list(outputs))])
    return clean_notebook(notebook).cells[0].outputs


def test_jvm_and_spark_noise_is_dropped_and_an_empty_stream_disappears():
    noise = ("WARNING: Using incubator modules: jdk.incubator.vector\n"
             "Setting default log level to \"WARN\".\n"
             "To adjust logging level use sc.setLogLevel(newLevel).\n"
             "26/11/27 10:00:00 WARN NativeCodeLoader: Unable to load native-hadoop library\n")
    assert cleaned(new_output("stream", name="stderr", text=noise)) == []
    kept = cleaned(new_output("stream", name="stderr", text=noise + "a real message\n"))
    assert kept[0]["text"] == "a real message\n"


def test_paths_host_and_home_are_hidden_everywhere(monkeypatch):
    host = "build-host-42"
    monkeypatch.setattr(socket, "gethostname", lambda: host)
    text = f"{config.ROOT}/slides/x.py on {host} in {Path.home()}/data\n"
    [stream, html] = cleaned(new_output("stream", name="stdout", text=text),
                             new_output("display_data", data={"text/html": f"<p>{config.ROOT}/file</p>"}))
    assert str(config.ROOT) not in stream["text"] and host not in stream["text"]
    assert stream["text"].startswith("./slides/x.py on <host> in ~/data")
    assert html["data"]["text/html"] == "<p>./file</p>"


def test_error_tracebacks_are_scrubbed():
    error = new_output("error", ename="E", evalue=f"in {config.ROOT}", traceback=[f"File {config.ROOT}/a.py"])
    [out] = cleaned(error)
    assert out["traceback"] == ["File ./a.py"] and out["evalue"] == "in ."


def test_long_text_is_trimmed_with_a_visible_marker():
    [out] = cleaned(new_output("stream", name="stdout", text="".join(f"{i}\n" for i in range(100))))
    lines = out["text"].splitlines()
    assert len(lines) == MAX_LINES + 1
    assert lines[-1] == f"… [{100 - MAX_LINES} more lines trimmed for the slide]"


def test_links_to_local_dashboards_become_plain_text_and_giant_html_is_replaced():
    link = '<a href="http://127.0.0.1:8787/status" target="_blank">Dashboard</a>'
    [small, giant] = cleaned(new_output("display_data", data={"text/html": f"<p>{link}</p>"}),
                             new_output("display_data", data={"text/html": "<b>x</b>" * 40_000}))
    assert small["data"]["text/html"] == "<p><span>Dashboard</span></p>"
    assert giant["data"] == {"text/plain": "[an output of 320 kB left out of the slide]"}


def test_every_output_is_capped_by_size_with_a_visible_marker():
    [printed, image, long_line] = cleaned(
        new_output("stream", name="stdout", text="x" * 30_000_000),
        new_output("display_data", data={"image/png": "iVBOR" + "A" * 3_000_000}),
        new_output("execute_result", data={"text/plain": "y" * 100_000}, execution_count=1))
    assert len(printed["text"]) < 50_000 and printed["text"].endswith("[30.0 MB cut for the slide]\n")
    assert image["data"] == {"text/plain": "[an output of 3.0 MB left out of the slide]"}
    assert "kB cut for the slide" in long_line["data"]["text/plain"]


def test_paths_are_replaced_only_whole_and_interpreter_paths_become_module_paths():
    import sysconfig

    secrets = clean.private_strings()
    stdlib = sysconfig.get_paths()["stdlib"]
    traceback = f"File \x1b[0;32m{stdlib}/json/__init__.py:346\x1b[0m, in loads"
    assert clean.scrub(traceback, secrets) == "File \x1b[0;32mjson/__init__.py:346\x1b[0m, in loads"
    assert clean.scrub("see https://example.com/tmpl/ and /tmpfoo", secrets) == "see https://example.com/tmpl/ and /tmpfoo"
    assert clean.scrub(f"{clean.tempfile.gettempdir()}/x", secrets) == "<tmp>/x"


def test_cleaning_returns_valid_notebook_nodes():
    notebook = new_notebook(cells=[new_code_cell("x", outputs=[new_output("stream", name="stdout", text="ok\n")])])
    nbformat.validate(clean_notebook(notebook))


def test_images_are_never_rewritten_and_short_host_names_do_not_eat_words(monkeypatch):
    monkeypatch.setattr(socket, "gethostname", lambda: "vm")
    monkeypatch.setattr(socket, "getfqdn", lambda: "vm")
    png = "iVBORw0KGgoAAAANSUhEUgvmAAAB" + str(config.ROOT)
    [image, text] = cleaned(new_output("display_data", data={"image/png": png}),
                            new_output("stream", name="stdout", text="the JVM and a vm\n"))
    assert image["data"]["image/png"] == png
    assert text["text"] == "the JVM and a vm\n"


def test_published_html_loses_links_to_other_hosts_only():
    from slidebuild.clean import offline_html

    html = ('<link rel="shortcut icon" href="https://example.org/favicon.ico" />\n'
            '<link rel="stylesheet" href="local.css">')
    assert offline_html(html) == '<link rel="stylesheet" href="local.css">'


def test_outputs_lose_what_differs_on_every_run():  # prints are merged at execution (test_execute)
    outputs = cleaned(new_output("stream", name="stdout", text="partitions: 4\n"),
                      new_output("stream", name="stdout", text="at reduceByKey at /tmp/ipykernel_29002/1947003856.py:4\n"),
                      new_output("execute_result", data={"text/plain": "<graphviz.graphs.Digraph at 0x7f2640b6ca50>"}))
    assert [output.get("text") for output in outputs[:2]] == ["partitions: 4\n", "at reduceByKey at <cell>:4\n"]
    assert outputs[2]["data"]["text/plain"] == "<graphviz.graphs.Digraph>"


def test_the_build_machines_cgroup_paths_never_reach_a_page():
    secrets = clean.private_strings()
    text = ("0::/\n4:memory:/process_api/c5abb664c3120f98ac0236b3a8843397\n0::/system.slice/docker-1a2b.scope\n"
            "limits in /sys/fs/cgroup/kubepods/pod9f/0123456789abcdef0123/memory.max; /sys/fs/cgroup/cgroup.controllers")
    cleaned = clean.scrub(text, secrets)
    assert "process_api" not in cleaned and "c5abb664" not in cleaned and "system.slice" not in cleaned
    assert "kubepods" not in cleaned and "0123456789abcdef" not in cleaned
    assert cleaned.splitlines()[:3] == ["0::/", "4:memory:/<cgroup>", "0::/<cgroup>"]
    assert cleaned.endswith("/sys/fs/cgroup/cgroup.controllers")


DASK_TEXT = ("<Client: 'tcp://127.0.0.1:33285' processes=2 threads=2, memory=4.00 GiB>\n"
             "LocalCluster(9291381a, 'tcp://127.0.0.1:33285', workers=2, threads=2, memory=4.00 GiB)\n"
             "http://127.0.0.1:38343/status\n")
DASK_HTML = ('<h3 style="margin-bottom: 0px;">Client</h3>\n'
             '<p style="color: #9D9D9D; margin-bottom: 0px;">Client-ec6acdc7-f1be-11f1-ae98-02fc00000001</p>\n'
             '<h3 style="margin-bottom: 0px; margin-top: 0px;">LocalCluster</h3>\n'
             '<p style="color: #9D9D9D; margin-bottom: 0px;">9291381a</p>\n'
             '<strong>Dashboard:</strong> <a href="http://127.0.0.1:38343/status" target="_blank">http://127.0.0.1:38343/status</a>\n'
             '<p style="color: #9D9D9D; margin-bottom: 0px;">Scheduler-0a80a8d0-723e-4598-b6ab-1240a9f38c3d</p>\n'
             '<strong>Comm: </strong> tcp://127.0.0.1:41637\n'
             '<strong>Local directory: </strong> /tmp/dask-scratch-space/worker-r44801o1\n'
             '<strong>Local directory: </strong> /tmp/slidebuild-kernel-4bb76t65/dask-scratch-space/worker-x1\n')


def test_dask_ids_ports_and_scratch_folders_are_the_same_on_every_run():
    [text, html] = cleaned(new_output("stream", name="stdout", text=DASK_TEXT),
                           new_output("execute_result", data={"text/html": DASK_HTML, "text/plain": DASK_TEXT},
                                      execution_count=1))
    assert text["text"] == ("<Client: 'tcp://127.0.0.1:<port>' processes=2 threads=2, memory=4.00 GiB>\n"
                            "LocalCluster(<id>, 'tcp://127.0.0.1:<port>', workers=2, threads=2, memory=4.00 GiB)\n"
                            "http://127.0.0.1:<port>/status\n")
    assert html["data"]["text/plain"] == text["text"]
    page = html["data"]["text/html"]
    for gone in ("ec6acdc7", "9291381a", "0a80a8d0", "33285", "38343", "41637", "r44801o1", "4bb76t65", "<tmp>"):
        assert gone not in page, gone
    assert ">Client-&lt;id&gt;</p>" in page and ">Scheduler-&lt;id&gt;</p>" in page
    assert '0px;">&lt;id&gt;</p>' in page  # the cluster's name under its heading
    assert "<span>http://127.0.0.1:&lt;port&gt;/status</span>" in page  # no link to a dashboard that is gone
    assert "tcp://127.0.0.1:&lt;port&gt;" in page and "&lt;tmp&gt;/dask-scratch-space/worker-&lt;id&gt;" in page
    assert "&lt;tmp&gt;/slidebuild-kernel-&lt;id&gt;/dask-scratch-space" in page  # a build kernel's own scratch


def test_ports_of_other_machines_and_ordinary_numbers_stay():
    text = "spark://cluster:7077 and 10.0.0.5:8786; at 12:30:45 pid 127.0.0.12:1 ratio 3:1\n"
    [out] = cleaned(new_output("stream", name="stdout", text=text))
    assert out["text"] == text


def test_a_styled_tables_random_id_becomes_one_drawn_from_the_table():
    import pandas as pd

    frame = pd.DataFrame({"x": [1, 3, 2]})
    [first, second, other] = cleaned(*(new_output("display_data", data={"text/html": table.to_html()})
                                       for table in (frame.style.highlight_max(), frame.style.highlight_max(),
                                                     (frame * 2).style.highlight_max())))
    assert first["data"]["text/html"] == second["data"]["text/html"]
    assert 'id="T_' in first["data"]["text/html"] and "#T_" in first["data"]["text/html"]
    assert other["data"]["text/html"].split('id="T_')[1][:5] != first["data"]["text/html"].split('id="T_')[1][:5]
