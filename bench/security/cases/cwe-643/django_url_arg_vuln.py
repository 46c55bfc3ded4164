"""Django: a URL argument used inside an XPath predicate; vulnerable."""
from django.http import HttpResponse
from lxml import etree

BOOKS = etree.parse("/srv/data/books.xml")


def books_by(request, author):
    titles = BOOKS.getroot().xpath("//book[author='%s']/title/text()" % author)
    return HttpResponse("\n".join(titles), content_type="text/plain")
