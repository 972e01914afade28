"""The part of build_scripts/python_stdlib.py that runs inside Pyodide (under Node, started by
python_stdlib.mjs): run the engine, then keep the standard modules it and Pyodide imported.

It imports nothing Pyodide's own start-up has not imported already, so that what `sys.modules`
holds afterwards is what the calculator's interpreter needs.
"""

import importlib.util
import marshal
import sys
import zipfile

FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def trim(source: str, workload: list, destination: str) -> list:
    """Run the engine on `workload` ([profile JSON, date] pairs), then write to `destination` the
    modules of the standard library zip `source` now imported, compiled; return their files."""
    from engine.api import compare_json, evaluate_json, warm_up

    warm_up()
    for text, date in workload:
        evaluate_json(text, date)
        compare_json(text, date)
    prefix = source + "/"
    files = sorted(
        {
            f[len(prefix) :]
            for m in list(sys.modules.values())
            if (f := getattr(m, "__file__", None) or "").startswith(prefix)
        }
    )
    with zipfile.ZipFile(source) as zf, zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for name in files:
            # Compiled as `python -OO` does (optimize=2: no docstrings, no assert). A timestamp-based
            # header and no source beside it: the bytecode is used as it is.
            code = compile(zf.read(name), prefix + name, "exec", dont_inherit=True, optimize=2)
            pyc = importlib.util.MAGIC_NUMBER + bytes(12) + marshal.dumps(code)
            info = zipfile.ZipInfo(name[: -len(".py")] + ".pyc", FIXED_DATE)
            info.external_attr = 0o644 << 16
            out.writestr(info, pyc, compress_type=zipfile.ZIP_DEFLATED)
    return files
