"""The Benelux request for assistance as a form (issue 17): the form's fields and subjects
(`form`), writing them and deconflicting them inside a request's unit of work (`subjects`), and
amending a request until it is accepted (`amend`).

`taskings` uses `form` and `subjects`; `amend` uses `taskings`: import the modules themselves.
"""
