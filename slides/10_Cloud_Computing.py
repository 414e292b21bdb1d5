# ---
# jupyter:
#   course:
#     title: Introduction to Cloud Computing
#     day: 2
#     slot: 09:00-10:00
#     optional: true
#     summary: "What the cloud is, virtualisation, service models, providers and the market, a first cloud project"
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Introduction to Cloud Computing
#
# ### Data centres, virtualisation, service models, costs, and a first tour of Google Cloud
#
# Big Data Processing & Distribution

# %% [markdown] slideshow={"slide_type": "notes"}
# This session explains what "the cloud" really is, from the buildings full of servers to the service
# models we pay for. We look at the technology that made it possible, virtualisation, at its history and
# market, at what changed in the way we use computers, and at the honest debates: cost, security,
# lock-in. The charts and tables are computed while the deck is built. We end with the steps of the lab.

# %% tags=["remove-cell"]
# Setup the audience does not need: plotting, tables, colours.
import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from course import digraph, table
from course.diagrams import PALETTE, timeline, vm_vs_container

def grid(rows, columns, size=19):
    """A typed table for a slide, from rows of text."""
    return table(pd.DataFrame(rows, columns=columns).astype("string"), size=size)


plt.rcParams.update({"font.size": 13, "axes.spines.top": False, "axes.spines.right": False})

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Today's plan
#
# 1. **What the cloud is**: buildings, regions, zones, and a definition
# 2. **Virtualisation**: hypervisors, virtual machines, containers
# 3. **History and market**: from Amazon's own needs to a half-trillion-dollar-a-year industry
# 4. **Deployment and service models**: public / private / hybrid; IaaS, CaaS, PaaS, FaaS, SaaS
# 5. **What changed**: pay-as-you-go, elasticity, managed services, infrastructure as code, object storage
# 6. **Debates**: is it cheaper? safer? lock-in and data location
# 7. **Google Cloud basics** and the steps of today's exercise

# %% [markdown] slideshow={"slide_type": "notes"}
# The first half is about concepts and vocabulary, the second half about consequences. Two small models run
# live in the deck, one for elasticity and one for cost, because the cost question always comes up and is
# best answered with numbers and explicit assumptions rather than opinions.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## "There is no cloud, just someone else's computer"
#
# The joke is half true. Behind every cloud service there are **real buildings**:
#
# - **Data centres** holding tens of thousands of servers in racks, each building drawing tens of megawatts
# - Power feeds, backup generators, cooling (air, water, sometimes outside air in cold countries)
# - Fibre links between buildings and a private backbone between continents
# - Hardware often designed by the provider itself (servers, network switches, even chips)
#
# What the joke misses: the **software** that turns these machines into services you rent in seconds.

# %% [markdown] slideshow={"slide_type": "notes"}
# Start with the physical reality, because students often picture the cloud as something abstract. A large
# provider operates hundreds of such buildings. The value is not only the hardware: it is the automation
# that lets millions of customers share it safely and rent a slice through an API call.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Regions and zones

# %% tags=["hide-input"]
geo = digraph(rankdir="LR", size="11,4.6!", nodesep="0.25", ranksep="0.5", compound="true")
geo.node("you", "Your laptop\n(Internet)", shape="oval", fillcolor=PALETTE["data"])
with geo.subgraph(name="cluster_paris") as region:
    region.attr(label="Region europe-west9 (Paris)", style="rounded,filled", fillcolor="#eff6ff",
                color="#1d4ed8", fontsize="16")
    region.node("bucket", "Regional bucket\n(copies in several zones)", shape="cylinder",
                fillcolor=PALETTE["storage"])
    for z in "abc":
        with region.subgraph(name=f"cluster_zone_{z}") as zone:
            zone.attr(label=f"zone europe-west9-{z}", style="rounded,filled", fillcolor="white",
                      color="#64748b")
            zone.node(f"dc{z}", "data centre(s)\nown power, cooling, network", fillcolor=PALETTE["neutral"])
            zone.node(f"vm{z}", "VM + disk\n(zonal)", fillcolor=PALETTE["compute"])
            zone.edge(f"dc{z}", f"vm{z}", style="invis")
        geo.edge(f"vm{z}", "bucket", style="dashed", arrowhead="none")
geo.node("belgium", "Region europe-west1\n(Belgium)", fillcolor="#eff6ff", color="#1d4ed8")
geo.edge("you", "dca", lhead="cluster_paris", label="HTTPS")
geo.edge("bucket", "belgium", label="provider backbone", dir="both")
geo

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Region** = a geographic area (latency, law, price). **Zone** = an isolated failure domain inside it.
# Spread a service over zones to survive a zone outage, over regions to survive a disaster.

# %% [markdown] slideshow={"slide_type": "notes"}
# Every large provider uses the same two levels, with different names: AWS and Azure call zones
# "availability zones". A zone has independent power and cooling, and zones of a region are a few
# kilometres apart with very low latency between them. A VM and its disk live in one zone; a regional
# bucket keeps copies in several zones. Choosing a region is choosing latency, price and jurisdiction.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A definition in our own words
#
# > **Cloud computing** is renting computing resources (machines, storage, networks, and higher-level
# > services built on them) from a provider that runs them in its data centres, reaching them over the
# > network, **on demand** and **through an API**, and paying **for what you use**.
#
# Five properties usually listed (NIST, 2011):
#
# - **on-demand self-service**: no human to call, a console click or an API call
# - **broad network access**: reachable from anywhere
# - **resource pooling**: many customers share the same hardware
# - **rapid elasticity**: grow and shrink in minutes, capacity looks infinite
# - **measured service**: everything is metered and billed

# %% [markdown] slideshow={"slide_type": "notes"}
# The definition in the box is ours; the list of five properties comes from the US National Institute of
# Standards and Technology, whose 2011 definition is still the reference. Ask students which of the five a
# traditional hosting company renting a physical server by the year would not satisfy: elasticity and
# self-service, mostly.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What people do with it
#
# - **Host** a website or an API, from a single VM to autoscaled microservices
# - **Store** data: replicated, durable, reachable from anywhere (backups, data lakes, media)
# - **Compute**: rent 1,000 cores for an hour, or GPUs for a training run
# - **Use managed services**: databases, message queues, data warehouses, Spark/Dask clusters
# - **Use finished software**: mail, office suites, CRM, run entirely by the provider
#
# In this course: storage for big datasets, and clusters that exist only while we compute.

# %% [markdown] slideshow={"slide_type": "notes"}
# The list goes from low-level to high-level: the further down, the more the provider does for you. This
# ordering comes back later as the service models. For big data, the two key uses are cheap durable storage
# and the ability to create a large cluster for a few hours and delete it afterwards.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz: what is the cloud?
#
# 1. A protocol that sends data over the Internet
# 2. Data centres around the world, run by providers, that rent computing and storage as services
# 3. Storage space offered for free by search engines
# 4. A single supercomputer shared by every company

# %% [markdown] slideshow={"slide_type": "fragment"}
# <p class="quiz-answer">Answer: 2.</p>
#
# Physical machines in many buildings and regions, turned into services by software and sold on demand.

# %% [markdown] slideshow={"slide_type": "notes"}
# Quick warm-up question. Answer 1 confuses the cloud with the network it is reached through. Answer 4 is
# the opposite of reality: the cloud is made of very many ordinary servers, which is exactly why software
# for distributed processing such as Spark and Dask fits it so well.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Virtualisation: the enabling technology
#
# **Virtualisation** = presenting a *virtual* version of a resource (a computer, a disk, a network) that
# software uses as if it were real, while the real resource is shared or hidden.
#
# - A physical ("**bare metal**") server is cut into several **virtual machines** (VMs)
# - Each VM has its own virtual CPUs, memory, disks and network cards, and boots its own OS
# - The VMs do not see each other; each believes it owns a computer
# - Disks and networks are virtualised too: a cloud "disk" is a slice of a storage cluster
#
# Without it, renting "2 vCPUs and 8 GB for 10 minutes" would be impossible.

# %% [markdown] slideshow={"slide_type": "notes"}
# Virtualisation is old: IBM mainframes did it in the 1960s-70s. It became the base of the cloud in the
# 2000s once ordinary x86 processors got hardware support for it. A vCPU is usually a hardware thread of a
# physical core, and the memory of a VM is a reserved part of the host's memory.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## From bare metal to virtual machines to containers

# %% tags=["hide-input"]
vm_vs_container(bare_metal=True, apps=2, size="12.5,4.8")

# %% [markdown] slideshow={"slide_type": "notes"}
# Three ways to run applications. On bare metal, apps share one OS and its libraries, so upgrading one can
# break another. With a hypervisor, each VM has its own OS: strong isolation, but heavy. Containers keep one
# kernel and isolate only the application with its libraries. In the cloud, containers usually run inside
# VMs: the right-hand column sits on top of the middle one.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Hypervisors, virtual machines, containers

# %% tags=["hide-input"]
grid([("type-1 hypervisor", "runs directly on the hardware, hosts VMs", "KVM (Linux), Xen, VMware ESXi, Hyper-V"),
      ("type-2 hypervisor", "an application on a desktop OS", "VirtualBox, VMware Workstation, UTM"),
      ("virtual machine", "an emulated computer with its own OS and kernel", 'a cloud "instance"'),
      ("container", "isolated processes sharing the host's kernel", "Docker, Podman, containerd")],
     ["", "what it is", "examples"])

# %% [markdown] slideshow={"slide_type": "-"}
# - CPUs help: Intel VT-x and AMD-V (2005-2006) made x86 virtualisation fast
# - Google Cloud builds on KVM, AWS on its KVM-based Nitro system, Azure on Hyper-V
# - Containers are the topic of deck 11; Kubernetes, which runs them on many machines, of deck 12

# %% [markdown] slideshow={"slide_type": "notes"}
# The hypervisor is the software that creates and runs virtual machines. Type 1 is what clouds use; type 2
# is what students may have on their laptop to run Linux under Windows or macOS. A container is not a small
# VM: it is a group of ordinary processes that the kernel isolates, which is why it is so light.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What virtualisation makes possible
#
# - **Abstraction**: ask for "4 vCPUs, 16 GB" without caring which physical machine provides them
# - **Sharing**: many small workloads on one big server, each isolated from the others
# - **Decoupling**: the provider replaces hardware while your system keeps running
#   (**live migration** moves a running VM to another host)
# - **Snapshots and images**: save, copy and restore a whole machine; start identical copies
# - **Speed**: a new machine is a software operation, ready in under a minute

# %% [markdown] slideshow={"slide_type": "notes"}
# Each point is a business model: abstraction and sharing let the provider sell small slices of big
# servers; decoupling lets it maintain the fleet without downtime for customers; images give
# reproducibility; speed gives elasticity. The next slide shows the sharing argument with numbers.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Sharing in numbers: packing VMs onto hosts
#
# 16 applications, each needing a few vCPUs. One physical server each, or VMs on 32-vCPU hosts?

# %%
rng = np.random.default_rng(2026)
needs = rng.choice([2, 4, 8, 16], size=16, p=[0.4, 0.3, 0.2, 0.1])   # vCPUs per application
free = []                                    # free vCPUs on each host opened so far
for need in sorted(needs, reverse=True):    # first-fit decreasing: biggest first
    host = next((h for h, f in enumerate(free) if f >= need), None)
    if host is None:
        free.append(32)
        host = len(free) - 1
    free[host] -= need
print(f"vCPUs needed: {needs.sum()}  ->  hosts: {len(free)} instead of {len(needs)} servers")
print("use of each host:", [f"{32 - f}/32" for f in free])

# %% [markdown] slideshow={"slide_type": "notes"}
# A greedy packing, first-fit decreasing, places each application on the first host with room, starting
# with the largest. Sixteen dedicated servers become a handful of well-used hosts. Real cloud schedulers do
# a much harder version of this, with memory, disks, network and failures to consider, on millions of VMs.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A short history of the public cloud

# %% tags=["hide-input"]
HISTORY = [
    (1999, "Salesforce: business\nsoftware as a service"),
    (2002, "Amazon opens its first\nweb-service APIs"),
    (2006, "AWS S3 (March) and\nEC2 (August)"),
    (2008, "Google App Engine;\nWindows Azure announced"),
    (2010, "Azure available;\nOpenStack (open source)"),
    (2013, "Google Compute Engine\ngenerally available"),
    (2014, "AWS Lambda: functions\nas a service"),
    (2018, "managed Kubernetes\nat all three leaders"),
    (2026, "quarterly revenue $129 B:\nabove $500 B a year"),
]
timeline(HISTORY, span=(1996.5, 2028), ylim=5.2, heights=(1.0, 2.9), size=(12.5, 4.6), fontsize=13,
         colours=("#1d4ed8", "#f0fdf4", "#86efac"))
plt.show()

# %% [markdown] slideshow={"slide_type": "notes"}
# Amazon had scaling pains in its retail business in the early 2000s and rebuilt its infrastructure as a
# set of standard, automated services used by its own teams. Engineers proposed selling that platform: S3
# storage opened in March 2006 and EC2 virtual machines in August 2006. Microsoft and Google followed, Google
# first with a platform (App Engine) before renting VMs. Growth did not slow down with size: Synergy Research
# measured +35 % in a year for the first quarter of 2026, the fastest since 2021, pulled by AI workloads.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Deployment models: whose data centre?

# %% tags=["hide-input"]
grid([("public cloud", "a provider, shared by all its customers", "start-ups, most companies, research"),
      ("private cloud", "you (or a host, for you only), with cloud software such as OpenStack",
       "banks, defence, large labs"),
      ("hybrid cloud", "both, connected: sensitive data at home, bursts in the public cloud",
       "large companies, agencies"),
      ("multi-cloud", "several public providers at once", "to avoid dependence, or after mergers")],
     ["model", "who owns and runs the hardware", "typical user"])

# %% [markdown] slideshow={"slide_type": "-"}
# A private cloud is *not* just a server room: it offers self-service, APIs and elasticity to its users.

# %% [markdown] slideshow={"slide_type": "notes"}
# The deployment model answers "where does it run and who owns it". Many organisations end up hybrid:
# regulated data and steady workloads on their own infrastructure, variable or experimental workloads in a
# public cloud. Multi-cloud sounds attractive but doubles the skills and tooling needed.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Service models: how much does the provider run?
#
# - **IaaS**, Infrastructure as a Service: virtual machines, disks, networks. *Compute Engine, EC2*
# - **CaaS**, Containers as a Service: you bring container images. *GKE, EKS, AKS, Cloud Run*
# - **PaaS**, Platform as a Service: you bring code or data; runtime and scaling are managed.
#   *App Engine, BigQuery, Dataproc, Databricks*
# - **FaaS**, Functions as a Service ("serverless"): one function per event, billed per call, scales to
#   zero. *AWS Lambda, Cloud Run functions, Azure Functions*
# - **SaaS**, Software as a Service: a finished application. *Gmail, Google Drive, Microsoft 365*

# %% [markdown] slideshow={"slide_type": "notes"}
# The "as a Service" names describe where the line sits between what you manage and what the provider
# manages. The boundaries are fuzzy and marketing stretches them, but the vocabulary is useful. The next
# slide draws the line layer by layer.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Who manages what?

# %%
LAYERS = ["Data", "Application", "Runtime", "Container", "OS", "Virtualisation", "Servers", "Storage",
          "Network"]
yours = {"On-premises": 9, "IaaS": 5, "CaaS": 4, "PaaS": 2, "FaaS": 2, "SaaS": 1}  # top layers you run
matrix = pd.DataFrame({model: ["you"] * n + ["provider"] * (9 - n) for model, n in yours.items()},
                      index=LAYERS)
colour = {"you": "background-color: #fecaca", "provider": "background-color: #bbf7d0"}
table(matrix, size=17, index=True).map(colour.get)

# %% [markdown] slideshow={"slide_type": "fragment"}
# Left: more **control** and more work. Right: more **agility**, less control. Your **data** stays yours.

# %% [markdown] slideshow={"slide_type": "notes"}
# Read it column by column. With IaaS you still install and patch the operating system; with containers
# as a service the provider runs the OS and the orchestrator; with PaaS and FaaS you only bring code; with
# SaaS you only bring your data. FaaS differs from PaaS by granularity and billing rather than by layers.
# Even in SaaS, deciding who may see your data remains your responsibility.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise: classify these services
#
# Which model is each one? (IaaS, CaaS, PaaS, FaaS, SaaS)
#
# 1. A virtual machine with 4 vCPUs and a 100 GB disk on Compute Engine
# 2. Google Drive
# 3. Google Cloud Storage (buckets of objects, reached by API)
# 4. A managed Kubernetes cluster (GKE) running your images
# 5. A Python function run on every file uploaded to a bucket
# 6. BigQuery: send SQL, get results, never see a machine

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Answers:** 1 IaaS · 2 SaaS · 3 storage as a service, usually filed under PaaS (you use an API, not
# disks) · 4 CaaS · 5 FaaS · 6 PaaS (a data warehouse as a service; some call it SaaS for analysts)

# %% [markdown] slideshow={"slide_type": "notes"}
# Give two minutes in pairs. The debate on 3 and 6 is the point of the exercise: the categories are a
# simplification and providers file services differently. Google Drive is SaaS because it is a finished
# application for end users, whereas Cloud Storage is a building block for developers.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz: IaaS
#
# With **Infrastructure as a Service**, which of these is *your* job?
#
# 1. Replacing a failed disk in the data centre
# 2. Installing security updates on the operating system of your VMs
# 3. Cooling the servers
# 4. Nothing: IaaS is fully managed

# %% [markdown] slideshow={"slide_type": "fragment"}
# <p class="quiz-answer">Answer: 2.</p>
#
# The provider runs the hardware and the hypervisor; everything from the OS upwards is yours.

# %% [markdown] slideshow={"slide_type": "notes"}
# Many security incidents in the cloud come from exactly this misunderstanding: an unpatched VM or an
# open firewall rule is the customer's responsibility, not the provider's. Providers call this the shared
# responsibility model.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Providers and market shares

# %% tags=["hide-input"]
QUARTER_BILLION_USD = 129                        # Synergy Research Group, Q1 2026 (sources at the end)
share = pd.DataFrame([("Amazon (AWS)", 28), ("Microsoft (Azure)", 21), ("Google (Cloud)", 14), ("all others", 37)],
                     columns=["provider", "share_pct"]).astype({"provider": "string", "share_pct": "int64"})
fig, ax = plt.subplots(figsize=(10, 3.6), dpi=85)
bars = ax.barh(share["provider"], share["share_pct"], color=["#1d4ed8"] * 3 + ["#cbd5e1"])
ax.bar_label(bars, labels=[f"{v} %  (about ${v * QUARTER_BILLION_USD / 100:.0f} B)" for v in share["share_pct"]],
             padding=4, fontsize=13)
ax.invert_yaxis()
ax.set_xlabel("share of worldwide cloud infrastructure services revenue, Q1 2026 (%)")
ax.set_xlim(0, 52)
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# **Synergy Research Group**, Q1 2026: about **US\$129 billion** in the quarter (IaaS, PaaS and hosted private
# cloud), +35 % in a year, a run rate **above US\$500 billion a year**. The big three hold 63 %.

# %% [markdown] slideshow={"slide_type": "notes"}
# The three American hyperscalers dominate; AWS still leads but its share has been slowly eroding for years
# (about a third in 2021-2022, 28 % now) while Microsoft and Google grow faster. The numbers move by a point
# or so each quarter and other analysts, who count revenue differently, publish somewhat different splits.
# The dollar figures are the shares applied to the quarter's total. "All others" includes Alibaba, Oracle
# and the "neoclouds" that rent GPUs for AI, such as CoreWeave, which grow fast from a small base. SaaS
# such as Microsoft 365 is not counted in this market. Sources are on the last slide.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## European and sovereign options
#
# - **European providers**: OVHcloud (France, the largest), Scaleway, Outscale (Dassault Systèmes),
#   IONOS and Open Telekom Cloud (Germany), Orange Business...
# - **Why it matters**: US law (the CLOUD Act, 2018) can reach data held by US companies, even in Europe
# - **SecNumCloud** (ANSSI, France): a demanding qualification for "trusted cloud"; joint ventures run US
#   technology under French control: **S3NS** (Thales, Google Cloud technology; its offer qualified in
#   December 2025), **Bleu** (Orange + Capgemini, Microsoft technology; in qualification since 2025)
# - **EU initiatives**: Gaia-X (common rules for data spaces), EOSC (open science cloud for research),
#   the **Data Act** (applies since September 2025: switching providers must become easy and free)
# - **Private clouds** on open source: OpenStack, Proxmox, Kubernetes; academic and HPC centres

# %% [markdown] slideshow={"slide_type": "notes"}
# European providers are much smaller than the hyperscalers, with fewer managed services, but they are
# often cheaper for plain VMs and storage and they are not subject to US law. Public bodies handling
# sensitive data in France are pushed towards SecNumCloud-qualified offers. The Data Act requires providers
# to remove switching charges, including exit data transfer fees, by January 2027.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What changed: the usage revolution
#
# - **Pay-as-you-go**: no purchase, per-second or per-hour billing; costs follow usage
# - **Elasticity**: 1 machine or 1,000 in minutes; no capacity planning years in advance
# - **Managed services**: databases, queues, Kubernetes, Spark: the provider patches and backs them up
# - **Everything is an API**: what a console click does, a script can do
# - **Infrastructure as code**: the whole platform described in versioned text files
# - **Cattle, not pets**: servers are replaced, not repaired

# %% [markdown] slideshow={"slide_type": "notes"}
# Before the cloud, getting a server meant a purchase order, weeks of delivery and installation, and
# keeping it for five years. Now a student can get a GPU for an hour with a credit card. The consequences
# go beyond cost: teams automate everything, test on throw-away copies of production, and scale with load.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Elasticity: follow the load instead of sizing for the peak
#
# A week of hourly demand for a web service, in servers needed (synthetic, seeded):

# %%
hours = np.arange(7 * 24)
rng = np.random.default_rng(7)
daily = 6 + 5 * np.clip(np.sin((hours % 24 - 6) / 24 * 2 * np.pi), 0, None)   # busy in the daytime
demand = daily * np.where(hours // 24 >= 5, 0.5, 1.0) + rng.normal(0, 0.6, hours.size)  # quiet weekend
fixed = math.ceil(demand.max())                    # owned: sized for the peak, always on
elastic = np.ceil(demand * 1.2).clip(min=1)        # autoscaled with a 20 % margin
print(f"fixed fleet : {fixed} servers x {hours.size} h = {fixed * hours.size} server-hours")
print(f"autoscaled  : {int(elastic.sum())} server-hours "
      f"({elastic.sum() / (fixed * hours.size):.0%} of the fixed fleet)")
print(f"average use of the fixed fleet: {demand.mean() / fixed:.0%}")

# %% [markdown] slideshow={"slide_type": "notes"}
# The demand has a daily cycle and a quieter weekend. A fleet sized for the peak is mostly idle; an
# autoscaled fleet that keeps a 20 % safety margin uses far fewer server-hours. Whether that is cheaper
# depends on the price per hour, which is the next part of the story.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## The same week, as a picture

# %% tags=["hide-input"]
fig, ax = plt.subplots(figsize=(11, 4), dpi=85)
ax.fill_between(hours, demand, color="#fbcfe8", label="demand")
ax.step(hours, elastic, where="mid", color="#15803d", lw=1.5, label="autoscaled capacity")
ax.axhline(fixed, color="#b91c1c", lw=2, ls="--", label=f"fixed capacity ({fixed} servers)")
ax.set_xticks(range(12, 7 * 24, 24), ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
ax.set_ylabel("servers")
ax.legend(loc="upper right", ncol=3, frameon=False)
ax.set_ylim(0, fixed * 1.3)
plt.show()

# %% [markdown] slideshow={"slide_type": "notes"}
# Everything between the red dashed line and the pink area is paid for and unused in the fixed case. The
# green steps show capacity following the load. Real autoscalers react with a delay of a few minutes,
# which is why a margin is kept.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Infrastructure as code
#
# A bucket and three VMs, declared in Terraform's language (HCL):
#
# ```hcl
# resource "google_storage_bucket" "data" {
#   name     = "bigdata-course-2026-data"
#   location = "EUROPE-WEST9"
# }
#
# resource "google_compute_instance" "worker" {
#   count        = 3
#   name         = "worker-${count.index}"
#   machine_type = "e2-standard-4"
#   zone         = "europe-west9-a"
#   boot_disk { initialize_params { image = "debian-cloud/debian-13" } }
#   network_interface { network = "default" }
# }
# ```
#
# `terraform plan` shows the difference with reality, `terraform apply` creates it, `terraform destroy`
# removes everything. Tools: Terraform / OpenTofu, Pulumi, Ansible, cloud-specific templates.

# %% [markdown] slideshow={"slide_type": "notes"}
# The file describes the desired state, not the commands to get there: the tool compares it with what
# exists and computes the changes, as Kubernetes does (deck 12). Because it is text, it goes into Git
# with the application code, is reviewed, and can recreate an identical environment in another project or
# region. OpenTofu is the open-source fork created when Terraform changed its licence in 2023.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Pets vs cattle

# %% tags=["hide-input"]
grid([("names", "zeus, athena: lovingly configured", "worker-0 ... worker-41"),
      ("when sick", "nursed back to health by an admin", "deleted and replaced automatically"),
      ("configuration", "by hand, over years, undocumented", "from an image or code, identical copies"),
      ("to grow", "add RAM, buy a bigger one", "add more of the same")], ["", "pets", "cattle"], size=21)

# %% [markdown] slideshow={"slide_type": "-"}
# The cloud pushes towards cattle: disposable machines, state kept in managed storage.

# %% [markdown] slideshow={"slide_type": "notes"}
# This metaphor, common in the DevOps world, sums up the change of mindset. If a server cannot be rebuilt
# from code in minutes, it is a pet and a risk. Big data clusters in the cloud are the ultimate cattle:
# created for a computation and deleted afterwards, with the data living in object storage.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Storage: file and block vs object

# %% tags=["hide-input"]
st = digraph(rankdir="TB", size="11.5,4.4!", nodesep="0.3", ranksep="0.35")
with st.subgraph(name="cluster_file") as f:
    f.attr(label="File / block storage", style="rounded,filled", fillcolor="#f8fafc", color="#64748b",
           fontsize="16")
    f.node("fapp", "Application", fillcolor=PALETTE["data"])
    f.node("fs", "OS file system (ext4, XFS, NFS client)\n/data/2026/run.csv: open, seek, write", fillcolor=PALETTE["control"])
    f.node("blk", "Block device: a local or network disk\n(a single machine mounts it)", shape="cylinder",
           fillcolor=PALETTE["storage"])
    f.edge("fapp", "fs", label=" POSIX calls")
    f.edge("fs", "blk", label=" blocks")
with st.subgraph(name="cluster_object") as o:
    o.attr(label="Object storage", style="rounded,filled", fillcolor="#f8fafc", color="#64748b",
           fontsize="16")
    o.node("oapp", "Application (any machine, anywhere)", fillcolor=PALETTE["data"])
    o.node("api", "HTTP API: PUT / GET / LIST / DELETE\nbucket + key \"2026/run.csv\"", fillcolor=PALETTE["control"])
    o.node("nodes", "{storage node|storage node|storage node|...}", shape="record", style="filled",
           fillcolor=PALETTE["storage"])
    o.edge("oapp", "api", label=" HTTPS")
    o.edge("api", "nodes", label=" copies or erasure codes")
st

# %% [markdown] slideshow={"slide_type": "notes"}
# On the left, storage seen through the operating system: a hierarchy of folders, files that can be
# modified in the middle, very low latency, but tied to one machine (or a network file server). On the
# right, whole objects stored and read by key over HTTP, spread by the provider over many machines. The
# "folders" of a bucket are only prefixes of keys.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Why object storage became the data standard

# %% tags=["hide-input"]
grid([("access", "POSIX: open, seek, modify in place", "HTTP: put or get whole objects (or byte ranges)"),
      ("latency", "microseconds to milliseconds", "tens of milliseconds per request"),
      ("throughput", "limited by one disk or server", "grows with the number of parallel readers"),
      ("size", "capped by the volume", "practically unlimited"),
      ("price", "higher: pay for the provisioned size", "low: pay for what is stored"),
      ("sharing", "one machine (or an NFS server)", "any number of clients, anywhere")],
     ["", "file / block", "object (S3, GCS, Azure Blob, Ceph, Garage)"])

# %% [markdown] slideshow={"slide_type": "-"}
# Big data engines (Spark, Dask) read **many objects in parallel**: throughput wins over latency.

# %% [markdown] slideshow={"slide_type": "notes"}
# Object storage replaced HDFS as the data lake of the cloud: compute and storage are separated, so a
# cluster can be deleted while the data stays. The price is a higher latency per request and no in-place
# modification, which is why formats such as Parquet and Zarr split data into chunks read in parallel.
# Since December 2020 S3 is strongly consistent: a read after a write sees the new object.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Compute as a service for data processing
#
# - **Virtual machines** started by scripts or IaC, with a Spark or Dask cluster installed on top
# - **Managed clusters**: Dataproc (GCP), EMR (AWS), HDInsight / Fabric (Azure), Databricks
# - **Managed Kubernetes** (GKE, EKS, AKS) with node autoscaling, Spark or Dask operators on top
# - **Serverless data services**: BigQuery, Athena, serverless Spark: no cluster at all
# - **HPC in the cloud**: fast networks and parallel file systems on demand (AWS ParallelCluster,
#   Google Cluster Toolkit, Azure CycleCloud)
# - **GPUs** by the hour for machine learning

# %% [markdown] slideshow={"slide_type": "notes"}
# For the data engineer, the question is no longer "which cluster do we buy" but "which level of service do
# we want". Deck 13 and lab 13, on day 2, deploy Dask on Kubernetes, a middle path: more control than a
# serverless service, much less work than managing VMs by hand.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A cost model: owning a server vs renting one
#
# Illustrative assumptions, in euros (order of magnitude of list prices; discounts ignored):

# %%
server_price = 10_000      # 32 cores, 256 GB RAM, disks: bought once
running_cost = 3_000       # per year: power, cooling, rack space, network, a share of an admin
vm_hourly = 2.80           # on-demand VM of the same size (64 vCPUs = 32 cores, 256 GB)
HOURS = 24 * 365

def owned_per_year(years):                   # straight-line amortisation over the server's life
    return server_price / years + running_cost

def cloud_per_year(utilisation):             # pay only for the hours the VM runs
    return vm_hourly * HOURS * utilisation

breakeven = {years: owned_per_year(years) / cloud_per_year(1.0) for years in (3, 4, 5)}
{f"{years} years": f"{u:.1%} = {u * 168:.0f} h/week" for years, u in breakeven.items()}

# %% [markdown] slideshow={"slide_type": "notes"}
# The owned server costs the same whether it is busy or idle; the cloud VM costs in proportion to the time
# it runs. The break-even utilisation is simply the owned yearly cost divided by the cost of running the VM
# all year. Change the assumptions and rerun: the method matters more than these particular numbers.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Break-even: where the lines cross

# %% tags=["hide-input"]
u = np.linspace(0, 1, 101)
fig, ax = plt.subplots(figsize=(11, 4.3), dpi=85)
ax.plot(u * 100, cloud_per_year(u), color="#1d4ed8", lw=2.5, label="cloud, on demand")
for years, colour in zip((3, 4, 5), ("#b91c1c", "#ea580c", "#ca8a04")):
    ax.axhline(owned_per_year(years), color=colour, lw=1.8, ls="--",
               label=f"owned, {years}-year life: break-even at {breakeven[years]:.0%}")
    ax.plot(breakeven[years] * 100, owned_per_year(years), "o", color=colour, ms=7)
ax.axvspan(0, 40 / 168 * 100, color="#e0e7ff", alpha=0.6, label="office hours only (40 h/week)")
ax.set_xlabel("utilisation: share of the year the machine is needed (%)")
ax.set_ylabel("cost per year (EUR)")
ax.set_xlim(0, 100)
ax.set_ylim(0, None)
ax.legend(fontsize=13, loc="upper left", facecolor="white", framealpha=1)
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# Needed less than ~20-25 % of the time: **rent**. Busy all year: owning costs **4-5 times less**.

# %% [markdown] slideshow={"slide_type": "notes"}
# Below about 20-25 % utilisation, renting wins; above it, owning wins, four to five times cheaper for a
# machine busy all year. A workload used only during office hours sits right at the break-even. What the
# model leaves out: staff time, spare machines, the building, discounts for committed use (up to about
# half price) or for spot instances, data transfer fees, and the value of having a machine in minutes.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz: which is cheaper?
#
# With the model above, a team runs a 4-hour batch job **every night**, and nothing else on that machine.
#
# 1. Buying the server: it is used every day
# 2. Renting on demand: 4 h a day is about 17 % utilisation, below the break-even
# 3. Both cost exactly the same
# 4. Impossible to say without the server's brand

# %% [markdown] slideshow={"slide_type": "fragment"}
# <p class="quiz-answer">Answer: 2.</p>
#
# 4/24 ≈ 17 %, below the 20-25 % break-even, **if** the VM is deleted after each run.

# %% [markdown] slideshow={"slide_type": "notes"}
# "Used every day" is not the same as "used all the time": what counts is the share of hours. The
# condition at the end is important: a cloud VM left running after the job finishes turns a saving into a
# loss. This is what people call cloud hygiene.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Debate 1: is the cloud cheaper?
#
# **Yes, when...**
# - usage is variable, bursty or experimental (the elasticity slide)
# - you need the latest hardware (GPUs) without buying it, or a small team cannot run a data centre
#
# **No, when...**
# - machines are busy all the time: steady workloads cost several times more on demand
# - resources are forgotten: idle VMs, unattached disks, old snapshots (**cloud hygiene**)
# - data leaves the cloud: **egress fees** for data sent out to the Internet or another cloud
#
# Some companies moved steady workloads back on premises ("cloud repatriation"). Measure, then decide.

# %% [markdown] slideshow={"slide_type": "notes"}
# There is no universal answer, only usage profiles. The cost model shows the mechanism. In practice,
# companies mix: committed-use discounts for the steady base, on-demand or spot capacity for the peaks,
# and budgets with alerts so that a forgotten cluster is noticed within a day, not at the end of the month.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Debate 2: safer? Lock-in? Where is my data?
#
# - **Security**: top security teams, physical protection, encryption by default... but your
#   configuration (open buckets, leaked keys, unpatched VMs) remains your job
# - **Reliability**: zones and regions help only if you use them. OVHcloud's Strasbourg fire
#   (10 March 2021) destroyed a data centre: customers without copies elsewhere lost data
# - **Lock-in**: proprietary managed services and egress fees make leaving expensive;
#   open formats (Parquet, Zarr) and open tools (Kubernetes, Spark, Dask) keep the exit open
# - **Data location**: personal data under the GDPR, and which country's law applies to the provider

# %% [markdown] slideshow={"slide_type": "notes"}
# The cloud is usually more secure than a small server room, but the most frequent incidents are
# configuration mistakes by customers. The 2021 fire is a good reminder that a backup in the same building
# is not a backup. Lock-in is a real trade-off: the more convenient the managed service, the harder the
# migration; choosing open formats and open-source engines keeps options open.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Google Cloud: how it is organised

# %% tags=["hide-input"]
org = digraph(rankdir="TB", size="11,4.3!", nodesep="0.3", ranksep="0.45")
org.node("org", "Organisation\n(e.g. a university domain)", fillcolor=PALETTE["control"])
org.node("billing", "Billing account\n(credits, card, budgets)", shape="note", fillcolor=PALETTE["data"])
for name in ("teaching", "research"):
    org.node(name, f"Folder: {name}", fillcolor=PALETTE["neutral"])
    org.edge("org", name)
org.node("p1", "Project bigdata-course-2026\nAPIs, quotas, IAM, budget", fillcolor=PALETTE["storage"])
org.node("p2", "Project another-course", fillcolor=PALETTE["storage"])
org.node("p3", "Project lab-climate", fillcolor=PALETTE["storage"])
org.edges([("teaching", "p1"), ("teaching", "p2"), ("research", "p3")])
org.edge("billing", "p1", style="dashed", label=" pays for")
for res in ("VM instances", "buckets", "GKE cluster"):
    org.node(res, res, fillcolor=PALETTE["compute"])
    org.edge("p1", res)
org

# %% [markdown] slideshow={"slide_type": "fragment"}
# Everything you create belongs to a **project**; permissions set higher up are **inherited** downwards.

# %% [markdown] slideshow={"slide_type": "notes"}
# The project is the unit to remember: it groups resources, has its own enabled APIs and quotas, and is
# linked to one billing account. Deleting a project deletes everything in it, which is the cleanest way to
# end an experiment. Students with a personal account have no organisation: their projects sit at the top.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Identity and access management (IAM)
#
# An IAM policy answers: **who** can do **what** on **which resource**?
#
# - **Principals** (who): a Google account, a group, a **service account** (an identity for programs)
# - **Roles** (what): a set of permissions such as `storage.objects.get`
#   - basic roles: Owner, Editor, Viewer (too broad for real use)
#   - predefined roles: `roles/storage.objectViewer`, `roles/compute.instanceAdmin.v1`, ...
# - **Bindings** attach a role to a principal on an organisation, folder, project or single resource
#
# Principle of **least privilege**: give the smallest role, on the smallest scope, that does the job.

# %% [markdown] slideshow={"slide_type": "notes"}
# AWS and Azure have the same ideas under other names. Service accounts matter for data platforms: a Dask
# worker reading a bucket should do so with a service account that can only read that bucket, not with a
# person's credentials. Never put a service account key in a Git repository.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Three ways to drive Google Cloud
#
# - **Console** (console.cloud.google.com): web UI, good to explore and to see prices and quotas
# - **gcloud CLI** (Google Cloud SDK): the same operations, scriptable
# - **Cloud Shell**: a small Linux VM in the browser, with `gcloud`, `kubectl`, Python, an editor
#
# ```bash
# gcloud config set project bigdata-course-2026
# gcloud compute instances create demo-vm --zone=europe-west9-a \
#     --machine-type=e2-standard-2 --image-family=debian-13 --image-project=debian-cloud
# gcloud storage buckets create gs://bigdata-course-2026-data --location=europe-west9
# gcloud storage cp results.csv gs://bigdata-course-2026-data/
# gcloud compute instances delete demo-vm --zone=europe-west9-a
# ```
#
# Plus client libraries (`google-cloud-storage` in Python) and the REST APIs underneath all of them.

# %% [markdown] slideshow={"slide_type": "notes"}
# Everything the console does goes through the same public APIs, so anything clicked can be scripted.
# Cloud Shell is convenient in a classroom: nothing to install, and it is already authenticated. The
# commands create and delete a small VM, and create a bucket and upload a file: exactly the lab's steps.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Today's exercise: a first tour of Google Cloud
#
# 1. Log in, redeem the **education credits** (or the free trial), create a project, set a **budget alert**
# 2. Tour the console: regions and zones, the product menu, IAM, billing
# 3. Create a small VM (e2-micro or e2-small): look at the monthly price estimate, SSH into it, delete it
# 4. Create a bucket in a European region, upload a file, look at its URL and permissions
# 5. Open **Cloud Shell**: repeat steps 3-4 with `gcloud` commands
# 6. Optional: follow a Google codelab to deploy a small website (Cloud Run or App Engine)
#
# At the end: delete the VM and, when the course is over, the project.

# %% [markdown] slideshow={"slide_type": "notes"}
# Walk around while students do the first step: redeeming credits and linking billing is where most of
# them get stuck. Insist on the budget alert and on deleting resources. The exercise needs real accounts,
# so it is never run automatically; the Dask deployment of lab 13 (day 2) can use this project.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Key takeaways
#
# - The cloud is **real data centres**, in **regions** split into **zones**, rented on demand through APIs
# - **Virtualisation** (hypervisors, VMs, then containers) made sharing and elasticity possible
# - AWS started it in 2006; AWS, Microsoft and Google hold **63 %** of a market above US\$500 billion a year
# - Service models move the line between **your work** and **the provider's**: IaaS → SaaS
# - Pay-as-you-go, elasticity, managed services, IaC and object storage changed how we build platforms
# - Cheaper only for the right usage profile; security, lock-in and data location need decisions

# %% [markdown] slideshow={"slide_type": "notes"}
# Summarise with the responsibility matrix and the break-even chart in mind: they are the two pictures to
# remember. Deck 11 opens the container box, the packaging format used by every service model above
# IaaS, and deck 12 Kubernetes, which runs containers on a fleet of cloud machines.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Further reading
#
# - P. Mell, T. Grance, [*The NIST Definition of Cloud Computing*, SP 800-145](https://csrc.nist.gov/pubs/sp/800/145/final)
#   (2011): the five properties, three service and four deployment models
# - M. Armbrust et al., [*Above the Clouds: A Berkeley View of Cloud Computing*](https://www2.eecs.berkeley.edu/Pubs/TechRpts/2009/EECS-2009-28.html)
#   (2009): the economics of elasticity
# - Market figures: [Synergy Research Group press releases](https://www.srgresearch.com/articles); the Q1 2026
#   figures as [reported by RECA Tools](https://recatools.com/news/the-cloud-market-just-crossed-a-half-trillion-dollar-run-rate-and-ai-is-why-its-still-accelerating/)
# - Google Cloud: [regions and zones](https://cloud.google.com/compute/docs/regions-zones);
#   [Debian 13 "trixie"](https://www.debian.org/News/2025/20250809) (August 2025), the image used above
# - [EU Data Act](https://digital-strategy.ec.europa.eu/en/policies/data-act); S3NS's SecNumCloud qualification,
#   [Génération NT](https://www.generation-nt.com/actualites/s3ns-thales-google-secnumcloud-certification-anssi-2068299) (December 2025)

# %% [markdown] slideshow={"slide_type": "notes"}
# The NIST definition is two pages and worth reading in full. The Berkeley report is the classic argument
# for why renting beats owning for bursty workloads, the same argument as our break-even model. Synergy's
# numbers are updated every quarter: check the latest press release before teaching.
