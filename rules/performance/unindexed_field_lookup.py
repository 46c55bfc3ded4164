"""PERF012: a Django model field filtered or sorted on across the code, without an index."""

from __future__ import annotations

from collections import defaultdict

from auditor.analysis.django_models import INDEXABLE, DjangoModelsCollector, Model, models_by_name
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule

# Low-selectivity or non-column fields: an index rarely helps or does not apply.
_NOT_INDEXABLE_TYPES = frozenset(
    {"BooleanField", "NullBooleanField", "ManyToManyField", "GenericRelation", "JSONField", "TextField", "BinaryField"}
)
_MAX_SITES = 5


class UnindexedFieldLookup(ProjectRule):
    id = "PERF012"
    title = "Model field used in lookups has no database index"
    category = Category.PERFORMANCE
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    effort = 30
    tags = ("database", "django", "index")
    needs = (DjangoModelsCollector,)
    refs = (
        "https://docs.djangoproject.com/en/stable/ref/models/fields/#db-index",
        "https://docs.djangoproject.com/en/stable/ref/models/indexes/",
        "https://docs.djangoproject.com/en/stable/topics/db/optimization/#use-standard-db-optimization-techniques",
    )
    why = """
        A `filter()`, `get()`, `exclude()` or `order_by()` on a column without an index makes
        the database read the whole table (a sequential scan, then a sort for ordering).
        Invisible with a few thousand rows in development; with millions in production
        every such request takes seconds, holds locks and I/O, and the slow queries stack
        up behind each other until the connection pool is exhausted. Primary keys,
        `unique`/`db_index` fields, ForeignKeys and the first field of a `Meta.indexes` /
        `unique_together` entry are indexed; the rest are not. Reported only when a query
        cannot use any index: none of its filter fields is indexed, or it sorts the whole
        unfiltered table.
    """
    fix = """
        Add `db_index=True` to the field, or a `models.Index(fields=[...])` in `Meta.indexes`
        (composite, in the order the queries filter), then `makemigrations`. On big tables
        create it concurrently (`AddIndexConcurrently` on PostgreSQL). Skip small lookup
        tables: check the plan with `queryset.explain()`.
    """
    example = Example(
        before="""
            # file: shop/models.py
            from django.db import models

            class Order(models.Model):
                reference = models.CharField(max_length=20)

            # file: shop/views.py
            from shop.models import Order

            def order(request, ref):
                return Order.objects.get(reference=ref)
        """,
        after="""
            # file: shop/models.py
            from django.db import models

            class Order(models.Model):
                reference = models.CharField(max_length=20, unique=True)

            # file: shop/views.py
            from shop.models import Order

            def order(request, ref):
                return Order.objects.get(reference=ref)
        """,
    )
    VALID = [
        """
        # file: shop/models.py
        from django.db import models
        class Customer(models.Model):
            email = models.EmailField(unique=True)
        class Order(models.Model):
            customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
            created = models.DateTimeField()
            status = models.CharField(max_length=10)
            paid = models.BooleanField(default=False)
            note = models.CharField(max_length=200)
            class Meta:
                indexes = [models.Index(fields=["status", "created"])]
        # file: shop/views.py
        from shop.models import Customer, Order
        def orders(request):
            Customer.objects.get(email=request.GET["email"])
            Order.objects.filter(status="new").order_by("created")
            Order.objects.filter(customer=request.user.customer, note="gift").order_by("note")
            Order.objects.filter(pk=3, note="x")
            Order.objects.filter(customer__email="a", note="b")
            Order.objects.filter(paid=True)
            return Order.objects.filter(note__icontains="gift")
        """,
        # Lookups in tests and migrations do not run in production.
        """
        # file: shop/models.py
        from django.db import models
        class Order(models.Model):
            note = models.CharField(max_length=200)
        # file: shop/tests/test_orders.py
        from shop.models import Order
        def test_note():
            assert not Order.objects.filter(note="x").exists()
        """,
    ]
    INVALID = [
        """
        # file: shop/models.py
        from django.db import models
        class Order(models.Model):
            reference = models.CharField(max_length=20)  # expect
            created = models.DateTimeField()  # expect
            note = models.CharField(max_length=200)
            class Meta:
                unique_together = ("note", "created")
        class Invoice(models.Model):
            number = models.CharField(max_length=20)  # expect
        # file: shop/views.py
        from shop.models import Invoice, Order
        def order(request, ref):
            Invoice.objects.exclude(number__in=["a"]).exists()
            recent = Order.objects.order_by("-created")[:10]
            return Order.objects.filter(reference=ref).order_by("note")
        def invoices(request):
            return Invoice.objects.get(number=request.GET["n"])
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        models = models_by_name(project)
        sites: dict[tuple[str, str], list[str]] = defaultdict(list)
        for relpath, data in sorted(project.facts(DjangoModelsCollector.key).items()):
            for model_name, line, items in data["lookups"]:
                model = models.get(model_name)
                if model is None:
                    continue
                for field in _scanned_fields(model, items):
                    sites[(model_name, field)].append(f"{relpath}:{line}")
        for (model_name, field), where in sorted(sites.items()):
            model = models[model_name]
            shown = ", ".join(where[:_MAX_SITES]) + (f" and {len(where) - _MAX_SITES} more" if len(where) > _MAX_SITES else "")
            self.report_at(
                model.file,
                model.fields[field]["line"],
                f"{model_name}.{field} has no index but queries filter or sort the whole table on it ({shown}); "
                "add db_index=True or a Meta index",
                scope=model_name,
            )


def _scanned_fields(model: Model, items: list[tuple[str, str]]) -> list[str]:
    """The unindexed fields of one ORM chain that make the database scan the table: the
    chain's filters use no index at all (one indexed condition narrows the rows and the
    rest are checked on those), or it sorts the unfiltered table on an unindexed field."""
    if any(suffix in ("?", "related") for _, suffix in items):
        return []  # Q objects, **kwargs, joins: not judged
    filters = [(f, s) for f, s in items if s != "order_by"]
    used = {f for f, _ in items}
    if filters:
        if any(s not in INDEXABLE or model.indexed(f, used) for f, s in filters):
            return []
        candidates = [f for f, _ in filters]
    else:
        candidates = [f for f, _ in items if not model.indexed(f, used)]
    return [f for f in dict.fromkeys(candidates) if model.fields[f]["type"] not in _NOT_INDEXABLE_TYPES]
