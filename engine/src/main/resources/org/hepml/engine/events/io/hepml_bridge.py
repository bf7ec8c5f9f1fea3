"""hepml's bridge to the Python tools of the field: ROOT files through uproot and Parquet through pyarrow.

The JVM runs this script with the project's Python and talks Arrow IPC streams over the pipes:

    python hepml_bridge.py root FILE [--tree T] [--branches G1,G2] [--start S] [--stop E] [--step N]   > Arrow stream
    python hepml_bridge.py parquet-read FILE [--branches G1,G2] [--start S] [--stop E]                 > Arrow stream
    python hepml_bridge.py parquet-write FILE                                   < Arrow stream

The first schema's metadata carries "hepml.entries" (rows that will follow), so the JVM shows progress.
A failure is one line "hepml-bridge-error: MESSAGE" on standard error and exit status 3; nothing else goes to
standard error unless Python itself breaks.
"""
import argparse
import fnmatch
import os
import sys


class BridgeError(Exception):
    pass


def fail(message):
    sys.stderr.write("hepml-bridge-error: " + " ".join(str(message).split()) + "\n")
    sys.stderr.flush()
    sys.exit(3)


def need(modules):
    missing = []
    for m in modules:
        try:
            __import__(m)
        except ImportError:
            missing.append(m)
    if missing:
        raise BridgeError("this needs the Python package%s %s in %s (pip install %s)"
                          % ("s" if len(missing) > 1 else "", ", ".join(missing), sys.executable, " ".join(missing)))


def selected(names, globs):
    if not globs:
        return list(names)
    out = []
    for g in globs:
        hits = [n for n in names if fnmatch.fnmatchcase(n, g)]
        if not hits:
            raise BridgeError("no branch or column matches '%s'; there are: %s" % (g, ", ".join(names[:40])
                              + (" ..." if len(names) > 40 else "")))
        out += [n for n in hits if n not in out]
    return out


def arrow_stdout():
    return os.fdopen(sys.stdout.fileno(), "wb", closefd=False)


def read_root(args):
    need(["uproot", "awkward", "pyarrow", "numpy"])
    import awkward as ak
    import numpy as np
    import pyarrow as pa
    import uproot
    try:
        f = uproot.open(args.file)
    except FileNotFoundError:
        raise BridgeError("no such file")
    except Exception as e:
        raise BridgeError("not a ROOT file uproot can read (%s)" % e)
    classes = f.classnames()
    trees = sorted({k.split(";")[0] for k, c in classes.items() if c in ("TTree", "TNtuple", "TNtupleD")})
    rntuples = sorted({k.split(";")[0] for k, c in classes.items() if c == "ROOT::RNTuple"})
    also = "; RNTuples (%s) are not read yet" % ", ".join(rntuples) if rntuples else ""
    if args.tree:
        if args.tree not in trees:
            raise BridgeError("no TTree '%s'; the file has: %s%s" % (args.tree, ", ".join(trees) or "no TTree", also))
        name = args.tree
    elif len(trees) == 1:
        name = trees[0]
    elif trees:
        raise BridgeError("the file has the TTrees %s; name one with the tree option" % ", ".join(trees))
    else:
        raise BridgeError("the file has no TTree%s" % also)
    tree = f[name]
    names = [b for b in tree.keys(recursive=True) if not tree[b].keys()]    # leaves only (a Delphes Jet splits into Jet.PT, ...)
    wanted = selected(names, [g for g in args.branches.split(",") if g] if args.branches else [])
    # which branches are numbers (flat or one level jagged); the others are reported, not read
    readable, skipped = [], []
    for b in wanted:
        (readable if _kind(tree[b]) else skipped).append(b)
    if not readable:
        raise BridgeError("none of the selected branches holds numbers (%s)" % ", ".join(skipped[:20]))
    start = args.start
    stop = tree.num_entries if args.stop is None else min(args.stop, tree.num_entries)
    stop = max(stop, start)
    meta = {b"hepml.entries": str(stop - start).encode(), b"hepml.tree": name.encode(),
            b"hepml.skipped": ",".join(skipped).encode()}
    out = arrow_stdout()
    writer = None
    for chunk in tree.iterate(readable, entry_start=start, entry_stop=stop, step_size=args.step, library="ak"):
        arrays, fields = [], []
        for b in readable:
            column = chunk[b]
            arr = ak.to_arrow(column, extensionarray=False, list_to32=False, string_to32=True, bytestring_to32=True)
            arrays.append(arr)
            fields.append(pa.field(b, arr.type, nullable=True))
        batch = pa.RecordBatch.from_arrays(arrays, schema=pa.schema(fields, metadata=meta))
        if writer is None:
            writer = pa.ipc.new_stream(out, batch.schema)
        writer.write_batch(batch)
    if writer is None:   # no entries in range: still a schema, so the JVM sees the columns
        fields = [pa.field(b, pa.float64()) for b in readable]
        writer = pa.ipc.new_stream(out, pa.schema(fields, metadata=meta))
    writer.close()
    out.flush()


def _kind(branch):
    """'flat', 'jagged' or None for a branch: numbers, one level of variable-length numbers, or anything else."""
    import awkward as ak
    try:
        form = branch.interpretation.awkward_form(branch.file)
    except Exception:
        return None
    if isinstance(form, ak.forms.NumpyForm) and form.inner_shape == ():
        return "flat"
    if isinstance(form, (ak.forms.ListOffsetForm, ak.forms.ListForm)) and isinstance(form.content, ak.forms.NumpyForm) \
            and form.content.inner_shape == ():
        return "jagged"
    return None


def read_parquet(args):
    need(["pyarrow"])
    import pyarrow as pa
    import pyarrow.parquet as pq
    try:
        pf = pq.ParquetFile(args.file)
    except FileNotFoundError:
        raise BridgeError("no such file")
    except Exception as e:
        raise BridgeError("not a Parquet file pyarrow can read (%s)" % e)
    schema = pf.schema_arrow
    names = selected(schema.names, [g for g in args.branches.split(",") if g] if args.branches else [])
    rows = pf.metadata.num_rows
    start = min(args.start, rows)
    stop = rows if args.stop is None else min(args.stop, rows)
    stop = max(stop, start)
    meta = dict(schema.metadata or {})
    meta[b"hepml.entries"] = str(stop - start).encode()
    out_schema = pa.schema([schema.field(n) for n in names], metadata=meta)
    out = arrow_stdout()
    writer = pa.ipc.new_stream(out, out_schema)
    seen = 0
    for batch in pf.iter_batches(batch_size=65536, columns=names):
        lo, hi = max(start - seen, 0), min(stop - seen, batch.num_rows)
        seen += batch.num_rows
        if hi > lo:
            writer.write_batch(pa.RecordBatch.from_arrays(batch.slice(lo, hi - lo).columns, schema=out_schema))
        if seen >= stop:
            break
    writer.close()
    out.flush()


def write_parquet(args):
    need(["pyarrow"])
    import pyarrow as pa
    import pyarrow.parquet as pq
    reader = pa.ipc.open_stream(os.fdopen(sys.stdin.fileno(), "rb", closefd=False))
    tmp = args.file + ".hepml-partial"
    try:
        with pq.ParquetWriter(tmp, reader.schema, compression="zstd") as w:
            for batch in reader:
                w.write_batch(batch)
        os.replace(tmp, args.file)   # the file appears whole or not at all
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def main(argv):
    p = argparse.ArgumentParser(prog="hepml_bridge")
    p.add_argument("command", choices=["root", "parquet-read", "parquet-write"])
    p.add_argument("file")
    p.add_argument("--tree", default="")
    p.add_argument("--branches", default="")
    p.add_argument("--start", type=int, default=0)
    p.add_argument("--stop", type=int, default=None)
    p.add_argument("--step", type=int, default=100000)
    args = p.parse_args(argv)
    try:
        {"root": read_root, "parquet-read": read_parquet, "parquet-write": write_parquet}[args.command](args)
    except BridgeError as e:
        fail(e)
    except BrokenPipeError:
        sys.exit(0)      # the JVM stopped reading (an interrupt): not an error here
    except Exception as e:
        fail("%s: %s" % (type(e).__name__, e))


if __name__ == "__main__":
    main(sys.argv[1:])
