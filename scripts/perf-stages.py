"""The samples of a perf profile grouped by stage of the build.

Each sample counts for the first stage (in the order below) that any frame
of its stack matches. Input: `perf script --no-inline -F comm,tid,ip,sym`
of a `perf record --call-graph dwarf` of the profiling build
(BENCHMARKS.md, "fifth session").

    python3 scripts/perf-stages.py perf-script.txt
"""
import sys, collections, re

RULES = [
  ("highlighting (syntect)", r"syntect|render::highlight"),
  ("markdown (pulldown-cmark)", r"pulldown_cmark|render::markdown"),
  ("serialising views to serde_json values, cloning/dropping them", r"serde_json::value::ser|serde_json::value::to_value|engine::value|engine::object|<serde_json::value::Value as core::clone::Clone>|drop_in_place<serde_json::value::Value>|drop_in_place<serde_json::map|IntoIter<alloc::string::String,serde_json::value::Value>|Context::from_value|Context::from_serialize|into_json|site_value"),
  ("tera rendering", r"tera::"),
  ("askama rendering (compiled pages)", r"askama|compiled::render|ReportHtml|AgendaHtml"),
  ("writing files", r"retrospect::write::|std::fs::|retrospect::output|FolderSink|ksys_write|do_sys_open|do_mkdirat"),
  ("reading and parsing reports", r"retrospect::load|retrospect::parse|retrospect::yaml|saphyr|retrospect::source"),
  ("checking (validate)", r"retrospect::validate"),
  ("views, indexes, other rendering", r"retrospect::render|retrospect::index|retrospect::site|retrospect::pipeline"),
]
total=0; c=collections.Counter(); stack=[]
def flush():
    global total
    if not stack: return
    total+=1
    s="\n".join(stack)
    for name,rx in RULES:
        if re.search(rx,s): c[name]+=1; return
    c["other (allocator, kernel, runtime)"]+=1
for line in open(sys.argv[1], errors="replace"):
    if line.strip()=="" : flush(); stack.clear(); continue
    if not line.startswith(("\t"," ")): flush(); stack.clear(); continue
    p=line.strip().split(None,1)
    if len(p)==2: stack.append(p[1])
flush()
print(f"{total} samples")
for k,v in c.most_common(): print(f"{100*v/total:5.1f}%  {k}")
