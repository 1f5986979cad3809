"""The benchmark's ceiling: the smallest Flask app, served under the same gunicorn.conf.py.

    gunicorn -c gunicorn.conf.py --pythonpath bench hello:app

Whatever Glas does per request costs on top of what this one costs: the ratio of the two
throughputs, measured in the same run on the same machine, is what bench/run.py reports.
"""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"


@app.get("/healthz")
def healthz():
    return {"status": "ok"}
