"""What a finished report contains, independent of Rasa and of where it is stored."""
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import List, Optional


@dataclass
class HarasserDetails:
    phones: List[str] = field(default_factory=list)      # E.164
    handles: List[str] = field(default_factory=list)     # "platform:handle"
    description: Optional[str] = None                    # name or relation, in her words


@dataclass
class ComplaintReport:
    reference_code: str
    category: str
    language: str
    channel: str
    narrative: str
    contact_mode: str                      # "anonymous" or "callback"
    pin_hash: Optional[str] = None         # anonymous reports: to check the status later
    callback_phone: Optional[str] = None   # callback reports only, E.164
    district: Optional[str] = None
    place: Optional[str] = None
    incident_start: Optional[date] = None
    incident_end: Optional[date] = None
    incident_when_text: Optional[str] = None
    evidence: Optional[str] = None
    harasser: HarasserDetails = field(default_factory=HarasserDetails)
    reporter_pseudonym: Optional[str] = None
    # She agreed that 1090 may message her here about this complaint (default no); then her
    # conversation id, to reach her (stored encrypted, only with her yes).
    updates_consent: bool = False
    updates_recipient: Optional[str] = None

    def to_dict(self) -> dict:
        data = asdict(self)
        for key in ("incident_start", "incident_end"):
            data[key] = data[key].isoformat() if data[key] else None
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "ComplaintReport":
        data = dict(data)
        for key in ("incident_start", "incident_end"):
            data[key] = date.fromisoformat(data[key]) if data.get(key) else None
        data["harasser"] = HarasserDetails(**data.get("harasser") or {})
        return cls(**data)
