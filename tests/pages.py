"""Text shared by the tests of HTML pages (tests/test_webpage.py, tests/test_webpage_rules.py):
three body paragraphs of a made-up news article, long enough for every extractor to keep."""

PARAGRAPHS = [
    "Senior diplomats from both countries met in Geneva on Monday for talks that neither "
    "government had announced, according to three officials familiar with the meeting.",
    "The discussions covered prisoner exchanges and the safety of the nuclear plant, the "
    "officials said, speaking on condition of anonymity because the talks were confidential.",
    "A spokesperson for the foreign ministry declined to comment on the report when reached "
    "by telephone, and the embassy did not answer written questions sent on Tuesday.",
]
