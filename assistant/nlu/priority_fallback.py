"""Rasa's FallbackClassifier, except for an intent the classifier chose by priority.

E5IntentClassifier may put an urgent intent (crisis) first although another intent scored higher;
it marks that choice with ``"priority": true``. The plain FallbackClassifier would see a top score
below its threshold, or a "negative" gap to the runner-up, and replace it with ``nlu_fallback``,
which would send a possible crisis to the article search. Everything else falls back as usual.
"""
from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.constants import INTENT
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class PriorityFallbackClassifier(FallbackClassifier):

    def _should_fallback(self, message: Message) -> bool:
        if (message.data.get(INTENT) or {}).get("priority"):
            return False
        return super()._should_fallback(message)
