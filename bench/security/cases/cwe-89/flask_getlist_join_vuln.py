"""Flask: getlist() values joined into an IN (...) clause with str.format; vulnerable."""
import sqlite3

from flask import Flask, request

app = Flask(__name__)
db = sqlite3.connect("shop.db", check_same_thread=False)


@app.get("/products")
def products():
    ids = request.args.getlist("id")
    in_list = ",".join(ids)
    sql = "SELECT id, name, price FROM products WHERE id IN ({})".format(in_list)
    cur = db.cursor()
    cur.execute(sql)
    return {"products": cur.fetchall()}
