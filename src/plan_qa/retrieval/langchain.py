"""The hybrid retriever behind LangChain's `BaseRetriever` interface."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from plan_qa.retrieval.hybrid import HybridRetriever


class PlanRetriever(BaseRetriever):
    """LangChain retriever: each Document is one clause, metadata carries the citation."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: HybridRetriever
    k: int = 5
    province: str | None = None
    plan: str | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
                                **kwargs: Any) -> list[Document]:
        hits = self.retriever.search(query, k=self.k, province=self.province, plan=self.plan)
        return [
            Document(page_content=hit.document.text,
                     metadata={key: value for key, value in hit.to_dict().items() if key != "text"})
            for hit in hits
        ]
