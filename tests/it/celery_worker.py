"""A Celery worker as the platform's Python services run one, for the
Celery-mode test (tests/it/events.rs).

It binds QUEUE to EXCHANGE for every routing key, registers one task per
name in TASKS, and appends one JSON line per task it runs to OUT: the task
id Celery saw and the envelope it was given.
"""

import json
import os

from celery import Celery
from kombu import Exchange, Queue

app = Celery("platform", broker=os.environ["BROKER_URL"])
app.conf.task_queues = [
    Queue(
        os.environ["QUEUE"],
        Exchange(os.environ["EXCHANGE"], type="topic", durable=True),
        routing_key="#",
    )
]
app.conf.broker_connection_retry_on_startup = True


def record(name):
    @app.task(name=name, bind=True)
    def handle(self, event):
        with open(os.environ["OUT"], "a", encoding="utf-8") as out:
            out.write(json.dumps({"task_id": self.request.id, "task": self.name, "event": event}) + "\n")

    return handle


for task_name in os.environ["TASKS"].split(","):
    record(task_name)

if __name__ == "__main__":
    app.worker_main(
        [
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
        ]
    )
