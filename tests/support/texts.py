"""A news story, paragraph by paragraph, shared by the dedup and web-ingestion tests."""

from __future__ import annotations

STORY_PARAGRAPHS = [
    "North Korea has sent about 11,000 troops to Russia, South Korea's National Intelligence "
    "Service said on Wednesday, in its latest estimate of Pyongyang's deployment.",
    "The soldiers were moved to the Kursk region, where Ukrainian forces launched an incursion "
    "in August, the agency told lawmakers in Seoul during a closed-door briefing.",
    "Kim Jong Un's government has not confirmed the deployment, and the Kremlin has dismissed "
    "reports of North Korean involvement in the war against Ukraine as speculation.",
    "Analysts say Moscow needs fresh manpower after heavy losses on the eastern front, while "
    "Pyongyang seeks money, oil and military technology in exchange for its troops.",
    "Ukraine's president Volodymyr Zelensky urged allies to respond firmly, warning that the "
    "arrival of North Korean units could prolong Russia's invasion of his country.",
]
