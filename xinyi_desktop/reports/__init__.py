"""Registers (台账), the monthly report (定期通报) and the statistics behind them."""
