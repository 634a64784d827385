import time

STARTED = time.time()


def health_payload():
    return {"status": "ok", "uptime_seconds": round(time.time() - STARTED, 1)}
