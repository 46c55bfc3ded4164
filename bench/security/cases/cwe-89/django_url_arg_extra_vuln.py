"""Django: a URL path argument interpolated into QuerySet.extra(where=...); vulnerable."""
from django.http import JsonResponse

from catalog.models import Book


def books_by_author(request, author):
    books = Book.objects.extra(where=["author_name = '" + author + "'"])
    return JsonResponse({"titles": list(books.values_list("title", flat=True))})
