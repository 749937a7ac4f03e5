"""The assistant: understands what people write in their own words and leads them to a service and a
door. `ask(catalog, index, text, state=None, lang="it", translate=None) -> Answer`. No web in here."""
from .answer import Answer, FollowUp, Option
from .answering import ask
from .emergency import CHILD, VIOLENCE, emergency_kind

__all__ = ["Answer", "FollowUp", "Option", "ask", "emergency_kind", "CHILD", "VIOLENCE"]
