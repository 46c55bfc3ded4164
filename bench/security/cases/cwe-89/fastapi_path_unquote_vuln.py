"""FastAPI: a path parameter URL-unquoted then formatted into a psycopg2 query; vulnerable."""
from urllib.parse import unquote

import psycopg2
from fastapi import FastAPI

app = FastAPI()


def get_conn():
    return psycopg2.connect("dbname=app")


@app.delete("/tags/{tag}")
def delete_tag(tag: str):
    label = unquote(tag)
    conn = get_conn()
    with conn.cursor() as cur:
        cur.execute("DELETE FROM tags WHERE label = '{0}'".format(label))
    conn.commit()
    return {"deleted": label}
