"""Question analysis and the checks of what a passage holds, one module each:

- ``analysis``: ``analyze_question`` → ``QuestionAnalysis`` (scope, answer type, parts), and ``check_question``;
- ``asked``: what a question asks for, read from its words alone;
- ``scope``: which documents a question points at;
- ``holds``: whether a passage holds the figure, plan or outcome asked; ``names``: the body, person or place asked;
- ``text``: the figure patterns, sentences and paragraph leads they share.
"""
