"""Checking claims: what `vnjp check` and `vnjp review` do with a sentence.

The pipeline, in order (each step a module, each importing only those before it):

1. `amounts`: figures as people write them, and the one rounding rule;
2. `reading`: a sentence read into what can be compared (its readers, in one ordered
   list, each taking the spans it reads so no later reader reads them again);
3. `parts`: a sentence split into parts, with who said it and why set aside;
4. `compare`: one part against one record, element by element, in one vocabulary;
5. `verdict`: the records that bear on a part, the decision, its reasons, a
   sentence's verdict from its parts.

The vocabulary they read with is data: `vnjp/lexicon.toml`.
"""
