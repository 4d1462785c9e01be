"""The demo city, 临江市 (fictional): data files in ``demo/data``, read by
``demo.content`` and ``demo.training``, loaded by ``demo.services`` (the ``load_demo``
and ``load_demo_training`` commands; refused in production)."""
