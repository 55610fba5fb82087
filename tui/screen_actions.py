"""The app's actions that open whole-corpus screens (entities, agreement), kept apart so app.py only wires."""
from __future__ import annotations


class CorpusScreens:
    """Expects the app's db_path, annotator, schema, lookup and role."""

    def action_entities(self) -> None:
        """Review by entity: every form over the corpus, and bulk decisions on its pending mentions."""
        from annotate.services.entities import EntityService
        from tui.screens.entities import EntitiesScreen

        self.push_screen(EntitiesScreen(EntityService(self.db_path, self.annotator, self.schema), self.lookup))

    def action_agreement(self) -> None:
        """Agreement between annotators, and adjudication into gold from there."""
        if self.role != "adjudicator":
            self.notify("Agreement and adjudication are for adjudicators.", severity="warning", markup=False)
            return
        from annotate.services.agreement import AgreementService
        from tui.screens.agreement import AgreementScreen

        self.push_screen(AgreementScreen(AgreementService(self.db_path, self.annotator)))
