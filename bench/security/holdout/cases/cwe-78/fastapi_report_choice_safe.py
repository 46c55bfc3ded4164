"""FastAPI: report name only selects one of several constant shell commands from a dict; safe."""
import subprocess

from fastapi import FastAPI

app = FastAPI()
REPORTS = {"disk": "df -h", "memory": "free -m", "load": "cat /proc/loadavg"}


@app.get("/report")
def report(kind: str = "load"):
    program = REPORTS.get(kind, "uptime")
    out = subprocess.run(program, shell=True, capture_output=True, text=True)
    return {"kind": kind, "output": out.stdout}
