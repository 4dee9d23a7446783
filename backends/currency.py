"""The money format's symbol, for the currency a model's amounts are in (mb.yaml `currency`,
SemanticModel.currency; None: US dollars). Each backend writes it its own way; a currency
without a well-known symbol is shown by its code."""

from __future__ import annotations

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "¥", "INR": "₹", "BRL": "R$", "RUB": "₽", "KRW": "₩",
           "TRY": "₺", "ILS": "₪", "VND": "₫", "NGN": "₦", "PHP": "₱", "UAH": "₴", "PLN": "zł", "CHF": "CHF",
           "CAD": "CA$", "AUD": "A$", "MXN": "MX$", "NZD": "NZ$", "HKD": "HK$", "SGD": "S$", "ZAR": "R", "SEK": "kr",
           "NOK": "kr", "DKK": "kr", "CZK": "Kč"}


def code(currency: str | None) -> str:
    return (currency or "USD").upper()


def symbol(currency: str | None) -> str:
    c = code(currency)
    return SYMBOLS.get(c, c)


def is_dollars(currency: str | None) -> bool:
    return code(currency) == "USD"
