"""A Flask hello-world: the yardstick `make bench` measures the app against."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
