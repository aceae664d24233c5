"""Documents in GraphQL: signed links to delivery notes and picklists (the PDFs are served by
backend/documents/routes.py)."""

from __future__ import annotations

import strawberry

from backend.api.documents.order_documents_link import order_documents_link
from backend.api.documents.picklist_documents_link import picklist_documents_link
from backend.api.permissions import requires
from backend.core.authorization import Permission


@strawberry.type
class DocumentsMutation:
    order_documents_link = strawberry.mutation(
        resolver=order_documents_link, permission_classes=[requires(Permission.PARCELS_READ)],
        description="A link to an order's delivery note (the floor and operators: any released order; merchants: "
                    "their own).")
    picklist_documents_link = strawberry.mutation(
        resolver=picklist_documents_link, permission_classes=[requires(Permission.PICKLISTS_READ)],
        description="A link to a picklist, or its delivery notes and labels in packing order (the floor and "
                    "operators only).")
