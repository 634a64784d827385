from flask import Flask

from app.health import health_payload

app = Flask(__name__)


@app.get("/healthz")
def healthz():
    return health_payload()


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8000)
