"""The framework floor: the smallest Flask page, served by gunicorn like Finder, to measure Finder against."""
from flask import Flask

app = Flask(__name__)
PAGE = "<!doctype html><html lang=\"it\"><head><title>Floor</title></head><body><p>Flask</p></body></html>"


@app.get("/")
def floor():
    return PAGE
