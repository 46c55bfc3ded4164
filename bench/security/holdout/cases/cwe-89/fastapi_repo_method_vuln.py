"""FastAPI: pydantic body passed to a repository method that concatenates the name into a DELETE statement; vulnerable."""
import sqlite3

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Customer(BaseModel):
    name: str
    reason: str = ""


class CustomerRepo:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def delete_by_name(self, name):
        self.conn.execute("DELETE FROM customers WHERE name = '" + name + "'")
        self.conn.commit()


@app.post("/customers/delete")
def delete_customer(body: Customer):
    repo = CustomerRepo("crm.db")
    repo.delete_by_name(body.name)
    return {"deleted": True}
