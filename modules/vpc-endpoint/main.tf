# One VPC endpoint per entry of var.endpoints, keyed by the entry's name.
# Interface endpoints get ENIs (subnets, security groups, private DNS);
# Gateway endpoints get route table entries. The other type's arguments are null.
resource "aws_vpc_endpoint" "this" {
  for_each = var.endpoints

  vpc_id            = var.vpc_id
  service_name      = each.value.service_name
  vpc_endpoint_type = each.value.endpoint_type

  # private_dns_enabled is optional(bool) without a default, so it arrives as null
  # when unset: coalesce (not try) turns that null into the documented default, true.
  private_dns_enabled = each.value.endpoint_type == "Interface" ? coalesce(each.value.private_dns_enabled, true) : null
  subnet_ids          = each.value.endpoint_type == "Interface" ? each.value.subnet_ids : null
  security_group_ids  = each.value.endpoint_type == "Interface" ? each.value.security_group_ids : null
  route_table_ids     = each.value.endpoint_type == "Gateway" ? each.value.route_table_ids : null

  policy          = each.value.policy
  ip_address_type = each.value.ip_address_type

  tags = merge(
    var.tags,
    each.value.tags,
    {
      Name = each.key
    }
  )
}
