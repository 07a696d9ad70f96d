"""The league: self-play tournaments over any arena with two or more players, with ratings.

Matches (:mod:`.match`), schedulers (:mod:`.schedulers`), crash-safe SQLite results (:mod:`.store`),
ratings (:mod:`.ratings`), local and Ray executors (:mod:`.executors`, :mod:`.ray_executor`), reports
(:mod:`.report`) and a self-play API for training code (:mod:`.selfplay`).
"""
