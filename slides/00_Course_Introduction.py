# ---
# jupyter:
#   course:
#     title: Course introduction
#     day: 1
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Big Data Processing & Distribution
#
# ### Course introduction
#
# Four days to go from "my laptop is too small" to a distributed data platform you deploy and use yourself.

# %% [markdown] slideshow={"slide_type": "notes"}
# Welcome everyone. This first short deck explains what the next four days look like, what you will be able
# to do at the end, how you will be evaluated and how the course material itself is built. Keep your
# questions coming at any time: the schedule has room for them.

# %% tags=["remove-cell"]
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib_inline.backend_inline import set_matplotlib_formats

from course import digraph, table
from course.diagrams import PALETTE

set_matplotlib_formats("svg")  # crisp charts on the slides


# %% [markdown] slideshow={"slide_type": "slide"}
# ## Why a whole course on big data?
#
# - Data that no longer fits on one machine changes *everything*: storage, computation, failures, cost.
# - "Big Data" was first described by **three Vs**: **volume** (too much), **velocity** (arrives too fast),
#   **variety** (too many shapes and formats).
# - Google's papers on a distributed file system (2003) and MapReduce (2004), then the open-source
#   **Hadoop** project, showed that ordinary machines can process huge data sets together...
# - ...but only with dedicated software (Spark, Dask, ...) and dedicated infrastructure (clusters, clouds,
#   Kubernetes).
#
# This course is about both: **the tools** and **the platforms** they run on.

# %% [markdown] slideshow={"slide_type": "notes"}
# Handling big data is a problem in itself, independent of what you want to compute. The three Vs are the
# historic definition; we will see more Vs in the next deck. The key message: once data is spread over many
# machines, you need different programming models and different infrastructure, and both are on the program.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Learning objectives
#
# At the end of the course you will be able to:
#
# 1. **Tell apart** HPC, Big Data and Cloud computing, and CPU from GPU computing.
# 2. **Distribute** simple operations with the Map/Reduce model, in **PySpark**.
# 3. **Explain** containers and the principles of **Kubernetes**.
# 4. **Deploy** a distributed data-processing platform (Dask on Kubernetes).
# 5. **Clean and analyse** large data sets and **train ML models in parallel** with the PyData stack,
#    Jupyter and **Dask**.

# %% [markdown] slideshow={"slide_type": "notes"}
# These five objectives drive every deck and every lab. Objectives 1 and 2 are day 1, objectives 3 and 4
# are day 2, objective 5 is day 3, and day 4 checks all of them in one practical evaluation. If at any point
# you cannot tell which objective a slide serves, ask.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz: what is this module about?
#
# A. Designing relational databases and writing SQL by hand
#
# B. Storing and processing data that is too large or too fast for a single machine
#
# C. Training large language models on a laptop
#
# D. Building web applications

# %% [markdown] slideshow={"slide_type": "fragment"}
# <p class="quiz-answer">Answer: B.</p>
#
# SQL comes back (Spark SQL) and machine learning too (day 3-4), but always as tools for *distributed* data.

# %% [markdown] slideshow={"slide_type": "notes"}
# A warm-up question to check everybody is in the right room. Let people vote by raising hands before
# revealing the answer. Point out that databases and ML are not excluded: they appear as applications of
# distributed processing.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The four days at a glance
#
# The program below is a Python dict in this deck; the chart is drawn from it when the deck is built.

# %% tags=["hide-input"]
# module -> (day, hours, kind, short label for the chart)
PROGRAM = {
    "00 Course introduction": (1, 0.5, "lecture", "00"),
    "01 Introduction to Big Data and its Ecosystem": (1, 1.0, "lecture", "01 Big Data"),
    "02 Big Data Platforms, Hadoop and Beyond": (1, 1.5, "lecture", "02 Platforms"),
    "03 Spark Introduction": (1, 1.0, "lecture", "03 Spark"),
    "Lab: Play with MapReduce through Spark": (1, 2.5, "lab", "Spark lab"),
    "12 Containers Orchestration with Kubernetes": (2, 2.0, "lecture", "12 Kubernetes"),
    "13 Deploying a Data Platform with Kubernetes and Dask": (2, 1.0, "lecture", "13 Platform"),
    "Lab: Deploy a Dask platform on Kubernetes": (2, 3.5, "lab", "Deploy lab"),
    "22 Dask and the Pangeo Ecosystem": (3, 3.0, "lecture", "22 Dask and Pangeo"),
    "Lab: Dask in practice, on your platform": (3, 3.5, "lab", "Dask lab"),
    "30 Evaluation briefing": (4, 0.5, "lecture", "30"),
    "Evaluation 1: clean large data with Dask": (4, 2.5, "evaluation", "Clean data"),
    "Evaluation 2: train ML models in parallel": (4, 3.5, "evaluation", "Parallel ML"),
}
SESSIONS = [(9.0, 10.5), (10.75, 12.25), (13.25, 15.25), (15.75, 17.25)]  # decimal hours
COLOURS = {"lecture": "#93c5fd", "lab": "#86efac", "evaluation": "#fca5a5"}


def place(items):
    """Lay a day's items end to end in the sessions; an item may run over a break."""
    pieces, slot, clock = [], 0, SESSIONS[0][0]
    for label, hours, kind in items:
        left = hours
        while left > 1e-9:
            start, end = max(clock, SESSIONS[slot][0]), SESSIONS[slot][1]
            used = min(left, end - start)
            pieces.append((label, kind, start, used))
            left, clock = left - used, start + used
            if abs(clock - end) < 1e-9 and slot + 1 < len(SESSIONS):
                slot, clock = slot + 1, SESSIONS[slot + 1][0]
    return pieces


fig, ax = plt.subplots(figsize=(12, 4.4), dpi=90)
for day in range(1, 5):
    items = [(short, h, kind) for (d, h, kind, short) in PROGRAM.values() if d == day]
    for label, kind, start, width in place(items):  # a piece of an item on each side of a break
        ax.barh(day, width, left=start, height=0.64, color=COLOURS[kind], edgecolor="#334155")
        text = label if width >= 0.75 else label.split()[0]  # short pieces get the deck number only
        ax.text(start + width / 2, day, text, ha="center", va="center", fontsize=11)
for (_, end), (start, _) in zip(SESSIONS, SESSIONS[1:]):
    ax.axvspan(end, start, color="#e2e8f0", zorder=0)
ax.set_yticks(range(1, 5), [f"Day {d}" for d in range(1, 5)])
ax.set_xticks(range(9, 18), [f"{h}:00" for h in range(9, 18)])
ax.set_xlim(8.9, 17.35)
ax.invert_yaxis()
ax.legend(handles=[plt.Rectangle((0, 0), 1, 1, color=c) for c in COLOURS.values()], labels=list(COLOURS),
          loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, frameon=False)
for side in ("top", "right"):
    ax.spines[side].set_visible(False)
fig.tight_layout()
plt.show()

# %% [markdown] slideshow={"slide_type": "notes"}
# Each row is a day, each box a deck or a lab, grey bands are the breaks. Day 1 is Big Data and Spark,
# day 2 containers and Kubernetes, day 3 Dask, day 4 the evaluation. The durations are indicative: if a lab
# needs more time we take it from the next slot rather than rush.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Time budget, computed from the same dict

# %% tags=["hide-input"]
budget = pd.DataFrame(
    [(day, kind, hours) for (day, hours, kind, _) in PROGRAM.values()], columns=["day", "kind", "hours"]
).pivot_table(index="day", columns="kind", values="hours", aggfunc="sum", fill_value=0)
budget["total"] = budget.sum(axis=1)
budget.loc["all days"] = budget.sum()
budget.index = [f"Day {d}" if d != "all days" else d for d in budget.index]
budget.columns.name = "hours"
display(table(budget, size=22, index=True, precision=1))
hands_on = budget.loc["all days", ["lab", "evaluation"]].sum() / budget.loc["all days", "total"]
print(f"Hands-on (labs and evaluation): {hands_on:.0%} of the course time")

# %% [markdown] slideshow={"slide_type": "notes"}
# About two thirds of the time is hands-on, counting the evaluation day. Lectures are short and always
# followed by a lab that uses what was just shown. The evaluation day is entirely practical.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Day 1: Big Data and Spark
#
# - **01 Introduction to Big Data** (1 h): what "big" means, the legacy ecosystem, use cases, from big data
#   to machine learning.
# - **02 Platforms: Hadoop and beyond** (1.5 h): HDFS and MapReduce, data lakes and pipelines, HPC vs Big
#   Data vs Cloud, CPU vs GPU, what replaced Hadoop.
# - **03 Spark introduction** (1 h): RDDs, DataFrames and SQL, lazy evaluation, jobs and stages, MLlib,
#   deployment.
# - **Lab: Play with MapReduce through Spark** (2.5 h): Monte Carlo π, caching, k-means by hand, DataFrames
#   and SQL, word count.
#
# Objectives covered: **1** (HPC / Big Data / Cloud, CPU vs GPU) and **2** (Map/Reduce in PySpark).

# %% [markdown] slideshow={"slide_type": "notes"}
# Today is the conceptual foundation: why the field exists, the Hadoop generation of tools and what
# replaced them, then Spark in depth. The afternoon lab runs Spark locally in a notebook, so everything you
# see on the Spark slides you will type yourselves.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Day 2: containers and Kubernetes
#
# - **12 Containers Orchestration with Kubernetes** (2 h): containers recap, why orchestration, the
#   architecture, objects built from Python (Pod, Deployment, Service), validation, managed offers.
# - **13 Deploying a Data Platform with Kubernetes and Dask** (1 h): JupyterHub, the Dask operator, Dask
#   Gateway, Pangeo.
# - **Lab: Deploy a Dask platform on Kubernetes** (3.5 h): scheduler, workers and a `DaskCluster` resource,
#   validated, deployed and used; you reuse it on days 3 and 4.
#
# Objectives covered: **3** (containers, Kubernetes) and **4** (deploy a platform).

# %% [markdown] slideshow={"slide_type": "notes"}
# Day 2 moves from software to infrastructure. We only need the core of Kubernetes: enough to read and
# write manifests and to understand what the Dask operator does for us. The platform you deploy at the end
# of the day is the one you need for the evaluation, so do not leave with it half working.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Days 3 and 4: Dask, then the evaluation
#
# - **22 Dask and the Pangeo Ecosystem** (3 h, with live examples): collections, task graphs and
#   schedulers, distributed Dask and its dashboard, machine learning with Dask, Pangeo.
# - **Lab: Dask in practice** (3.5 h): the morning's examples on your own platform, dataframes and parallel
#   model training, to prepare the evaluation.
# - **30 Evaluation** (all of day 4): a short briefing, then clean a large data set and train models in
#   parallel.
#
# Objective covered: **5** (data wrangling and ML with PyData, Jupyter and Dask), then all of them.

# %% [markdown] slideshow={"slide_type": "notes"}
# Day 3 is Dask, the Python-native alternative to Spark, first locally and then on your platform. Day 4 is
# the evaluation, described on the next slides. Keep your day 3 notebooks: they are the best preparation.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A day in the course

# %% tags=["hide-input"]
def clock(hours):
    return f"{int(hours)}:{round(hours % 1 * 60):02d}"


pauses = ["break", "lunch", "break"]
rows = []
for number, (start, end) in enumerate(SESSIONS, 1):
    rows.append((f"{clock(start)} - {clock(end)}", f"session {number} ({end - start:g} h)"))
    if number <= len(pauses):
        rows.append((f"{clock(end)} - {clock(SESSIONS[number][0])}", pauses[number - 1]))
table(pd.DataFrame(rows, columns=["time", "what"]), size=24, precision=1)

# %% [markdown] slideshow={"slide_type": "-"}
# Short quizzes during the lectures are not graded: they show you and us what needs another explanation.

# %% [markdown] slideshow={"slide_type": "notes"}
# The timetable is the same every day: six and a half hours of course. The quizzes are anonymous and not
# graded; we use them to decide what to revisit. Please be back on time after breaks, the labs are tight.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz: what is on today's program?
#
# Several answers are right.
#
# A. What "big data" means and where it comes from
#
# B. Hadoop: HDFS and MapReduce
#
# C. Deploying a Kubernetes cluster
#
# D. Spark, with a hands-on lab
#
# E. A well-deserved nap

# %% [markdown] slideshow={"slide_type": "fragment"}
# <p class="quiz-answer">Answer: A, B and D.</p>
#
# Kubernetes is tomorrow. The nap is not on the program, sorry.

# %% [markdown] slideshow={"slide_type": "notes"}
# A quick check that the program slide was read. Kubernetes is day 2, which is a common confusion because
# Spark also runs on Kubernetes; we will mention it in the Spark deck.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Evaluation
#
# One practical evaluation on **day 4**, in a Jupyter notebook with cells to fill, on the Dask platform you
# deployed on days 2-3:
#
# 1. **Clean** a large, dirty data set (taxi trips) interactively with distributed Dask.
# 2. **Train** a model on the full data, then **many models in parallel** (a hyper-parameter search) on a
#    sample.
#
# - Graded on the notebook you hand in, **with its outputs**: correct results, sensible use of the
#   distributed tools, and short written explanations of your choices.
# - Save and download your notebook regularly during the day.
# - The quizzes during the week are not graded.

# %% [markdown] slideshow={"slide_type": "notes"}
# The evaluation reuses everything: a platform you deployed yourself, Dask for the data cleaning, and
# parallel machine learning. We grade the reasoning as much as the numbers, so write a sentence or two
# where the notebook asks for one. A notebook without outputs cannot be graded.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Prerequisites
#
# You should be comfortable with:
#
# - **Python**: functions, lists and dicts, comprehensions, `import`; a first contact with **NumPy** and
#   **pandas** (selecting, filtering, grouping a table).
# - **The command line**: moving around folders, running a program, reading an error message.
# - **Basic machine learning vocabulary**: features, training and test sets, fitting a model.
#
# Not required: any previous experience with Spark, Dask, Docker, Kubernetes or a cloud provider.

# %% [markdown] slideshow={"slide_type": "notes"}
# If one of these items is unfamiliar, tell us today: we can point you to a short tutorial for the evening.
# Nobody is expected to know the distributed tools beforehand; that is the point of the course.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## About you
#
# A quick round of the room:
#
# - Which courses have you followed on data, databases, cloud or machine learning?
# - Have you already used **Python** and **pandas**? A **notebook** (Jupyter, Colab, VS Code)?
# - Have you heard of, or used, **Hadoop**, **Spark**, **Docker**, **Kubernetes**?
# - Have you used a **cloud** provider (AWS, Azure, Google Cloud, OVHcloud, ...)?
# - What would make this course useful for *you*?

# %% [markdown] slideshow={"slide_type": "notes"}
# Use the answers to calibrate the pace of day 1 and to pair people with complementary backgrounds for the
# labs. Keep it short: five minutes, a show of hands per question is enough.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## How we work together
#
# - **Lectures are short**, with live code and a quiz; **labs are long** and done in pairs.
# - Ask questions at any time; if you are stuck in a lab for more than ten minutes, call us.
# - Your instructors walk around during the labs: show them your error messages, not just the last line.
# - Everything shown on the slides is code you can run: the decks are notebooks (next slides).

# %% [markdown] slideshow={"slide_type": "notes"}
# This is where you can say a few words about yourselves as instructors, in person rather than on a slide.
# Insist on pair work in labs: explaining to a neighbour is the fastest way to learn the distributed models.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## How the course material works
#
# Every deck is a **Python file** (a Jupytext notebook). When the site is built, **every code cell is
# really executed**: the outputs on the slides come from real Spark, Dask and Kubernetes-client runs.

# %% tags=["hide-input"]
steps = [
    ("source", "slides/NN_Title.py\n(Jupytext percent)", "data"),
    ("read", "read and check\n(slide types, tags)", "neutral"),
    ("execute", "execute in a kernel\nSpark 4, Dask, k8s client", "compute"),
    ("cache", "cache outputs\n(.cache/)", "storage"),
    ("clean", "clean outputs\n(logs, paths)", "neutral"),
    ("render", "render reveal.js\nslides", "control"),
    ("site", "_site/\n(works offline)", "data"),
]
dot = digraph(rankdir="TB", nodesep="0.6", ranksep="0.5")
for name, label, colour in steps:
    dot.node(name, label, fillcolor=PALETTE[colour], fontsize="16")
for row, names in enumerate((["source", "read", "execute", "cache"], ["site", "render", "clean"])):
    with dot.subgraph() as same:
        same.attr(rank="same")
        for a, b in zip(names, names[1:]):  # second row drawn right to left
            same.edge(a, b, dir="back" if row else "forward")
dot.edge("cache", "clean")
dot.edge("cache", "execute", label="unchanged code: reuse", style="dashed", constraint="false",
         tailport="n", headport="n")
dot

# %% [markdown] slideshow={"slide_type": "-"}
# Consequence for you: if a slide shows an output, that output was produced by the code above it, with the
# library versions on the next slide.

# %% [markdown] slideshow={"slide_type": "notes"}
# The whole course is built like a small data pipeline: sources are read and checked, executed in a real
# Jupyter kernel, the outputs are cached and cleaned, and reveal.js slides are rendered. A slide with an
# output is therefore a guarantee that the code works with the stated versions. You can open any deck as a
# notebook and run it yourself.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Environment check, run while this deck was built

# %%
import platform, dask, distributed, kubernetes, pyspark
from course import spark
from course.java import java_executable, java_major

session = spark()  # one real local SparkSession
versions = {"Python": platform.python_version(), "Java": java_major(java_executable()),
            "PySpark": pyspark.__version__, "Spark (from the session)": session.version,
            "Dask": dask.__version__, "distributed": distributed.__version__,
            "pandas": pd.__version__, "kubernetes client": kubernetes.__version__}
pd.Series(versions, name="version").to_frame()

# %% [markdown] slideshow={"slide_type": "notes"}
# This cell started a real Spark session, with a Java virtual machine behind it, and asked it for its
# version; the other numbers are the Python packages used to build every deck. Spark 4 needs Java 17 or
# newer. When you install things on your own machine, compare with this table first.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Using the material yourself
#
# - **Read** the slides in any browser, offline: press **S** for the speaker notes, **Esc** for the
#   overview, **Ctrl+Shift+F** to search.
# - **Run** a deck as a notebook: `jupytext --sync slides/03_Spark_Introduction.py`, then open the
#   `.ipynb` in JupyterLab or VS Code.
# - **Rebuild** the site: `make site` (or `python build.py slides/03_Spark_Introduction.py` for one deck).
# - **Point it at a real cluster** with environment variables, without changing the code:
#   - `SPARK_REMOTE=sc://host:15002`: Spark code runs through Spark Connect;
#   - `SPARK_MASTER=spark://host:7077`: Spark code is submitted to that master;
#   - `DASK_SCHEDULER_ADDRESS=tcp://host:8786`: Dask code uses that scheduler.

# %% [markdown] slideshow={"slide_type": "notes"}
# The same decks work on a laptop and on a cluster: the helpers read these variables, so the code on the
# slides never hard-codes a machine. On day 2 you will point the Dask decks at the scheduler you deployed.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Next
#
# **01 Introduction to Big Data**: how big is "big", where the data comes from, and what it is used for.

# %% [markdown] slideshow={"slide_type": "notes"}
# Short transition to the first real lecture. If there are remaining questions about organisation, take
# them now; otherwise move on.
