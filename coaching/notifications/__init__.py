"""Notifications, in one home: `services` writes them (the outbox writer, marking read, the e-mail
choices), `selectors` reads them (the inbox, the unread count, the choices), `delivery` sends
their e-mail, and `views`, `forms` and `urls` are the pages. The task that runs the delivery is
coaching/tasks.py; nothing here imports it (the writer asks for it by name)."""
