"""Gunicorn settings for Finder in production (docs/deploy.md). One file for every replica: the address
comes from the command line (`--bind 127.0.0.1:8001`, the systemd unit passes its instance)."""
import gc
import multiprocessing
import os

# The master warms the sentence encoder before it forks, and GNU OpenMP's thread pool does not survive a
# fork: a worker's first search or chat message would hang until the timeout. One thread a worker (and as
# many workers as cores) uses the machine as well.
os.environ["OMP_NUM_THREADS"] = "1"

wsgi_app = "finder.app:create_preloaded_app()"
# The catalogue (and the assistant's knowledge of it) is loaded once in the master and shared with the
# workers, copy-on-write: frozen out of the garbage collector's reach, its pages stay shared (docs/deploy.md)
preload_app = True
bind = os.environ.get("FINDER_BIND", "127.0.0.1:8001")
# The assistant is CPU-bound and each worker holds the catalogue (~60 MB): one worker per core, plus one.
workers = int(os.environ.get("FINDER_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "sync"  # nginx buffers slow clients, so sync workers never wait on a phone's network
timeout = 30  # a request never needs this long (the slowest answer is under 1 s): a stuck worker is replaced
graceful_timeout = 20  # on restart, requests in flight finish
keepalive = 5
max_requests = 5000  # workers are renewed now and then, staggered so they never restart together
max_requests_jitter = 500
limit_request_line = 8190  # matches nginx's header buffers; the app caps each parameter itself
forwarded_allow_ips = "127.0.0.1"
# The access log holds the path only (%(U)s), never the query string: a search is what a person typed.
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = "info"


def pre_fork(server, worker):
    gc.freeze()  # what the master loaded is never moved by a worker's collections, so its pages stay shared


def post_worker_init(worker):
    # a rehearsal search before the worker serves: a person's first search is as fast as the next ones
    from finder.app import rehearse_in_worker
    rehearse_in_worker(worker.wsgi)
