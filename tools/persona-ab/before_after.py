#!/usr/bin/env python3
"""Draws personas at random (fixed seed) from two main-job checkpoints of the same data and prints a
Markdown table, old and new side by side. Each old persona is paired with the new persona of the same
item that shares the most cited reviews (Jaccard), since merging can renumber personas.

    python3 tools/persona-ab/before_after.py OLD/personas.jsonl NEW/personas.jsonl [count] [seed]
"""
import json
import random
import sys


def load(path):
    items = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if record.get("status") == "done" and record.get("personas"):
                items[record["itemId"]] = record["personas"]
    return items


def cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


def main():
    old, new = load(sys.argv[1]), load(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 16
    pool = [(item, p) for item in sorted(old) if item in new for p in old[item]]
    drawn = random.Random(seed).sample(pool, count)
    print("| # | item | before: name | after: name | after: description |")
    print("|---|---|---|---|---|")
    for n, (item, before) in enumerate(drawn, 1):
        ids = set(before["reviewIds"])
        after = max(new[item], key=lambda p: len(ids & set(p["reviewIds"])) / len(ids | set(p["reviewIds"])))
        print(f"| {n} | {item} | {cell(before['name'])} | {cell(after['name'])} | {cell(after['description'])} |")


if __name__ == "__main__":
    main()
