"""新沂市政府机构失信治理工作台 — the core: data, rules and services, no Qt."""

__version__ = "0.1.0"
APP_NAME = "新沂市政府机构失信治理工作台"
APP_ID = "XinyiCreditDesk"
