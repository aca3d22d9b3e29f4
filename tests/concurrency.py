"""Running actions at the same moment in real threads, each with its own database connection
(PostgreSQL: SQLite ignores row locks), for the concurrency tests of every app."""

import threading

from django.db import connection


def race(actions) -> tuple[list, list[BaseException]]:
    """Start every action at once (a barrier); return their results and the errors raised."""
    barrier = threading.Barrier(len(actions))
    results, errors = [], []
    lock = threading.Lock()

    def run(action):
        try:
            barrier.wait()
            result = action()
            with lock:
                results.append(result)
        except BaseException as error:  # noqa: BLE001 - collected and asserted by the test
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors
