# ---
# jupyter:
#   course:
#     title: Course introduction
#     day: 1
#     slot: 09:00-09:30
#     summary: "The four days, the objectives, how you are evaluated and how this material is built"
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
# historic definition; deck 01 adds more Vs. The key message: once data is spread over many
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
# Every deck and lab says in its header when it runs; this chart, the next slides and the site's index are
# all drawn from those headers when the site is built.

# %% tags=["hide-input"]
from course import schedule

PROGRAM = schedule.program()  # every deck and lab with a day and a slot, in order
COLOURS = {"lecture": "#93c5fd", "lab": "#86efac", "evaluation": "#fca5a5"}

fig, ax = plt.subplots(figsize=(12, 4.4), dpi=90)
for item in PROGRAM:
    for start, end in schedule.SESSIONS:  # one bar per session the item spans: the breaks stay visible
        left, right = max(item.start, start), min(item.end, end)
        if left < right:
            ax.barh(item.day, (right - left) / 60, left=left / 60, height=0.64, color=COLOURS[item.kind],
                    edgecolor="#334155", hatch="//" if item.optional else None)
            ax.text((left + right) / 120, item.day, item.number, ha="center", va="center", fontsize=13)
for (_, end), (start, _) in zip(schedule.SESSIONS, schedule.SESSIONS[1:]):
    ax.axvspan(end / 60, start / 60, color="#e2e8f0", zorder=0)
ax.set_yticks(range(1, 5), [f"Day {d}" for d in range(1, 5)])
ax.set_xticks(range(9, 18), [f"{h}:00" for h in range(9, 18)])
ax.set_xlim(8.9, 17.35)
ax.invert_yaxis()
handles = [plt.Rectangle((0, 0), 1, 1, facecolor=c, edgecolor="#334155") for c in COLOURS.values()]
handles.append(plt.Rectangle((0, 0), 1, 1, facecolor="white", edgecolor="#334155", hatch="//"))
ax.legend(handles=handles, labels=[*COLOURS, "optional"], loc="upper center", bbox_to_anchor=(0.5, -0.12),
          ncol=4, frameon=False)
for side in ("top", "right"):
    ax.spines[side].set_visible(False)
fig.tight_layout()
plt.show()

# %% [markdown] slideshow={"slide_type": "notes"}
# Each row is a day, each box a deck (numbered as on the site) or a lab; grey bands are the breaks, hatched
# boxes are optional decks whose time can go to the lab that follows. Day 1 is Big Data and Spark, day 2
# the cloud, containers and Kubernetes, day 3 the Python ecosystem and Dask, day 4 the evaluation. The
# durations are indicative: if a lab needs more time we take it from the next slot rather than rush.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Time budget, computed from the same program

# %% tags=["hide-input"]
minutes = pd.DataFrame([(f"Day {item.day}", item.kind, item.minutes) for item in PROGRAM],
                       columns=["day", "kind", "minutes"])
minutes = minutes.pivot_table(index="day", columns="kind", values="minutes", aggfunc="sum", fill_value=0)
minutes["total"] = minutes.sum(axis=1)
minutes.loc["all days"] = minutes.sum()
minutes.columns.name = minutes.index.name = None
display(table(minutes.map(lambda m: schedule.duration(int(m)) if m else "-"), size=22, index=True))
print(f"Hands-on (labs and the evaluation): {schedule.hands_on_share(PROGRAM):.0%} of the course time; "
      f"optional decks: {schedule.duration(sum(item.minutes for item in PROGRAM if item.optional))}")

# %% [markdown] slideshow={"slide_type": "notes"}
# The line under the table gives the share of hands-on time, computed from the program: every lecture is
# followed by a lab that uses what was just shown, and the evaluation day is entirely practical. When an
# optional deck is skipped its time goes to the lab of the same day, which raises that share.

# %% tags=["remove-cell"]
def day_table(day):
    """The program of one day as a slide table: when, what, how long."""
    rows = [(schedule.clock(item.start), item.label + (" (optional)" if item.optional else ""), item.summary,
             schedule.duration(item.minutes).replace(" ", "\u00a0")) for item in PROGRAM if item.day == day]
    return table(pd.DataFrame(rows, columns=["from", "module", "what", "time"]), size=18)


# %% [markdown] slideshow={"slide_type": "slide"}
# ## Day 1: Big Data and Spark
#
# Objectives **1** (HPC, Big Data and Cloud; CPU and GPU) and **2** (Map/Reduce in PySpark).

# %% tags=["hide-input"]
day_table(1)

# %% [markdown] slideshow={"slide_type": "notes"}
# Day 1 is the conceptual foundation: why the field exists, the Hadoop generation of tools and what
# replaced them, then Spark in depth. The afternoon lab runs Spark in a notebook, so everything you see on
# the Spark slides you will type yourselves, including joins and the shuffle.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Day 2: the cloud, containers and Kubernetes
#
# Objectives **3** (containers, Kubernetes) and **4** (deploy a platform).

# %% tags=["hide-input"]
day_table(2)

# %% [markdown] slideshow={"slide_type": "notes"}
# Day 2 moves from software to infrastructure. The cloud deck is optional for a class that already knows
# cloud services. We only need the core of Kubernetes: enough to read and write manifests and to
# understand what the Dask operator does for us. The platform built in the lab is one the evaluation can
# run on, so do not leave with it half working.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Day 3: the Python ecosystem and Dask
#
# Objective **5** (data wrangling and machine learning with PyData, Jupyter and Dask).

# %% tags=["hide-input"]
day_table(3)

# %% [markdown] slideshow={"slide_type": "notes"}
# Day 3 starts from the single-machine Python stack, then scales it with Dask, the Python-native
# alternative to Spark. The object storage deck is optional; the afternoon lab is the best preparation for
# the evaluation, so keep its notebook.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Day 4: the evaluation
#
# All five objectives, in one practical, graded notebook.

# %% tags=["hide-input"]
day_table(4)

# %% [markdown] slideshow={"slide_type": "notes"}
# A short briefing, then the evaluation notebook for the rest of the day. It is described on the
# evaluation slide of this deck; the briefing on day 4 repeats the practical details.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A day in the course

# %% tags=["hide-input"]
rows = []
for number, (start, end) in enumerate(schedule.SESSIONS):
    rows.append((f"{schedule.clock(start)} - {schedule.clock(end)}",
                 f"session {number + 1} ({schedule.duration(end - start)})"))
    if number < len(schedule.BREAKS):
        rows.append((f"{schedule.clock(end)} - {schedule.clock(schedule.SESSIONS[number + 1][0])}",
                     schedule.BREAKS[number]))
table(pd.DataFrame(rows, columns=["time", "what"]), size=24, precision=1)

# %% [markdown] slideshow={"slide_type": "-"}
# Short quizzes during the lectures are not graded: they show you and us what needs another explanation.

# %% [markdown] slideshow={"slide_type": "notes"}
# The timetable is the same every day. The quizzes are anonymous and not graded; we use them to decide what
# to revisit. Please be back on time after breaks, the labs are tight.

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
# Kubernetes is on day 2. The nap is not on the program, sorry.

# %% [markdown] slideshow={"slide_type": "notes"}
# A quick check that the program slide was read. Kubernetes is day 2, which is a common confusion because
# Spark also runs on Kubernetes; we will mention it in the Spark deck.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Evaluation
#
# One practical evaluation on **day 4**, in a Jupyter notebook with cells to fill, with distributed Dask (a
# local cluster, or the platform you deployed on day 2):
#
# 1. **Clean** a large, dirty data set (taxi trips, your own copy generated from your student id).
# 2. **Train** a model on the full data, then **many models in parallel** (a hyper-parameter search) on a
#    sample.
#
# - Graded on the notebook you hand in, **with its outputs**: correct results, multiple-choice questions,
#   and short written explanations of your choices, marked by hand.
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


# %% [markdown] slideshow={"slide_type": "slide"}
# ## Further reading
#
# - S. Ghemawat, H. Gobioff, S.-T. Leung, [The Google File System](https://research.google/pubs/the-google-file-system/), SOSP 2003
# - J. Dean, S. Ghemawat, [MapReduce: Simplified Data Processing on Large Clusters](https://research.google/pubs/mapreduce-simplified-data-processing-on-large-clusters/), OSDI 2004
# - [Apache Hadoop](https://hadoop.apache.org/), [Apache Spark](https://spark.apache.org/docs/latest/) and [Dask](https://docs.dask.org/) documentation
# - How these decks are made: [Jupytext](https://jupytext.readthedocs.io/), [nbconvert](https://nbconvert.readthedocs.io/) and [reveal.js](https://revealjs.com/)

# %% [markdown] slideshow={"slide_type": "notes"}
# The two Google papers are short and readable, and they started the whole field: worth an evening. The
# project documentation is where the answers to most lab questions are; the last line is for anyone curious
# about how an executed slide deck is built.
