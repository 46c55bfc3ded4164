"""Flask: a JSON body field used as ORDER BY inside SQLAlchemy text(); vulnerable."""
from flask import Flask, request
from sqlalchemy import create_engine, text

app = Flask(__name__)
engine = create_engine("sqlite:///orders.db")


@app.route("/orders", methods=["POST"])
def list_orders():
    payload = request.get_json()
    sort = payload.get("sort", "created_at")
    with engine.connect() as conn:
        result = conn.execute(text(f"SELECT id, total FROM orders ORDER BY {sort}"))
        return {"orders": [dict(r._mapping) for r in result]}
